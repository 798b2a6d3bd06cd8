import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command-line tool writes: the process's streams, or a test's buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * A command line the tool cannot run (unknown option, missing or malformed value, missing
 * argument). Its message is the one line the person reads before the usage: no stack trace.
 */
export class ArgumentError extends Error {}

/** The exit code of a refused command line, as most command-line tools use it. */
export const ARGUMENT_ERROR_EXIT = 2;

/**
 * node:util parseArgs, whose mistakes come back as an ArgumentError saying in French what was
 * wrong, instead of Node's `TypeError [ERR_PARSE_ARGS_…]` (English, and a stack when uncaught).
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
    throw new ArgumentError(argumentMistake(config, (error as Error).message));
  }
}

/**
 * What strict parsing refused, read from the lenient parse's tokens: Node's errors carry the
 * offending argument only inside their English message.
 */
function argumentMistake(config: ParseArgsConfig, nodeMessage: string): string {
  const options = config.options ?? {};
  // Positionals allowed here too: the lenient parse still throws on them otherwise.
  const { tokens } = parseArgs({ ...config, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional' && !config.allowPositionals)
      return `Argument en trop : « ${token.value} » (cette commande ne prend que des options).`;
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!option) return `Option inconnue : ${token.rawName}.`;
    if (option.type === 'boolean' && token.value !== undefined)
      return `L'option ${token.rawName} ne prend pas de valeur.`;
    if (option.type === 'string' && token.value === undefined)
      return `L'option ${token.rawName} attend une valeur.`;
    // `--url --all`: Node refuses a value that looks like an option, unless written `--url=--all`.
    if (option.type === 'string' && !token.inlineValue && token.value?.startsWith('-'))
      return `L'option ${token.rawName} attend une valeur, pas « ${token.value} » (si c'en est bien une, écrivez ${token.rawName}=${token.value}).`;
  }
  return `Arguments invalides : ${nodeMessage}`;
}

/**
 * Writes why the command line was refused, then the tool's usage, to stderr, and returns the
 * exit code to end with. Anything but an ArgumentError is thrown on: it is not the person's
 * command line that failed.
 */
export function refuseArguments(error: unknown, usage: string, io: Io = processIo): number {
  if (!(error instanceof ArgumentError)) throw error;
  io.stderr(`${error.message}\n\n${usage}\n`);
  return ARGUMENT_ERROR_EXIT;
}
