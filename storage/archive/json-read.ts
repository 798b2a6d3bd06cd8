/**
 * Reading a JSON archive as it streams in, one record at a time: the envelope's text is scanned
 * piece by piece and each element of `records` and `captures` is parsed alone, so a 100 000-record
 * archive is never one string nor one object tree. Any layout of the envelope is accepted (ours
 * writes a record per line; a person may have reformatted it).
 *
 * The scanner only splits the text at the envelope's structure; every piece it isolates goes
 * through JSON.parse, which does the real parsing.
 */
import { describeLimit, LIMITS } from '../limits';
import { ArchiveError } from './envelope';

const MAX_DEPTH = LIMITS.jsonDepth.value;
const MAX_STRING = LIMITS.jsonStringChars.value;
const MAX_ELEMENT = LIMITS.jsonElementChars.value;

export type ArchiveList = 'records' | 'captures';

export interface ScanHandlers {
  /** A member of the envelope other than its lists (`format`, `version`…), parsed. */
  member(key: string, value: unknown): void;
  /** One element of `records` or `captures`, parsed; `index` is 0-based within its list. */
  element(list: ArchiveList, value: unknown, index: number): void;
}

type Mode = 'start' | 'key' | 'colon' | 'value' | 'after-member' | 'list' | 'after-element' | 'done';
type Capture = 'none' | 'string' | 'container' | 'literal';
type Target = 'key' | 'member' | 'element';

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class ArchiveJsonScanner {
  private mode: Mode = 'start';
  private key = '';
  private list: ArchiveList | null = null;
  private readonly counts = { records: 0, captures: 0 };
  private capture: Capture = 'none';
  private target: Target = 'key';
  private parts: string[] = [];
  private level = 0;
  private inString = false;
  private escaped = false;
  /** Characters of the value being captured, and of the string inside it: both bounded. */
  private valueChars = 0;
  private stringChars = 0;
  /** Characters consumed before the current chunk: positions in messages. */
  private offset = 0;

  constructor(private readonly handlers: ScanHandlers) {}

  push(text: string): void {
    let i = this.mode === 'start' && this.offset === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    // A value that began in an earlier piece goes on from this piece's first character.
    let start = 0;
    while (i < text.length) {
      if (this.capture !== 'none') {
        const end = this.scanCapture(text, i);
        if (end < 0) break;
        this.parts.push(text.slice(start, end));
        this.finishCapture();
        i = end;
        continue;
      }
      const c = text.charCodeAt(i);
      if (!isSpace(c) && this.step(text, i)) start = i;
      // A value's first character is never its last one's marker: scanning resumes after it.
      i++;
    }
    if (this.capture !== 'none') this.parts.push(text.slice(start));
    this.offset += text.length;
  }

  /** Throws when the text stopped before the envelope closed. */
  end(): void {
    if (this.mode === 'start') throw new ArchiveError('not-archive');
    if (this.mode !== 'done' || this.capture !== 'none') throw new ArchiveError('truncated');
  }

  /** Handles one structural character; true when it starts a value to capture. */
  private step(text: string, i: number): boolean {
    const ch = text[i];
    switch (this.mode) {
      case 'start':
        if (ch !== '{') throw new ArchiveError('not-archive');
        this.mode = 'key';
        return false;
      case 'key':
        if (ch === '}') {
          this.mode = 'done';
          return false;
        }
        if (ch === '"') return this.begin('string', 'key');
        break;
      case 'colon':
        if (ch === ':') {
          this.mode = 'value';
          return false;
        }
        break;
      case 'value':
        if (this.key === 'records' || this.key === 'captures') {
          if (ch !== '[') throw new ArchiveError('unknown-format', `champ « ${this.key} » : liste attendue`);
          this.list = this.key;
          this.mode = 'list';
          return false;
        }
        return this.beginValue('member', text, i);
      case 'after-member':
        if (ch === ',') {
          this.mode = 'key';
          return false;
        }
        if (ch === '}') {
          this.mode = 'done';
          return false;
        }
        break;
      case 'list':
        if (ch === ']') {
          this.mode = 'after-member';
          return false;
        }
        return this.beginValue('element', text, i);
      case 'after-element':
        if (ch === ',') {
          this.mode = 'list';
          return false;
        }
        if (ch === ']') {
          this.mode = 'after-member';
          return false;
        }
        break;
      case 'done':
        break;
    }
    throw this.syntaxError(i);
  }

  private beginValue(target: Target, text: string, i: number): boolean {
    const ch = text[i];
    if (ch === '{' || ch === '[') return this.begin('container', target);
    if (ch === '"') return this.begin('string', target);
    if (ch === ',' || ch === '}' || ch === ']' || ch === ':') throw this.syntaxError(i);
    return this.begin('literal', target);
  }

  /** Starts capturing a value whose first character has just been read. */
  private begin(capture: Capture, target: Target): boolean {
    this.capture = capture;
    this.target = target;
    this.level = 1;
    this.inString = capture === 'string';
    this.escaped = false;
    this.valueChars = 1;
    this.stringChars = 0;
    return true;
  }

  /** Scans a value from `i`; returns the index just past its end, or -1 when it goes on. */
  private scanCapture(text: string, i: number): number {
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Bounded while reading, before JSON.parse ever sees the text (storage/limits.ts).
      if (++this.valueChars > MAX_ELEMENT) {
        throw new ArchiveError(
          'too-large',
          `élément de plus de ${describeLimit('jsonElementChars')} caractères vers la position ${this.offset + i}`,
        );
      }
      if (this.inString && ++this.stringChars > MAX_STRING) {
        throw new ArchiveError(
          'too-large',
          `texte de plus de ${describeLimit('jsonStringChars')} caractères vers la position ${this.offset + i}`,
        );
      }
      if (this.capture === 'literal') {
        // true, false, null or a number: it ends where the structure resumes.
        if (isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d) return i;
      } else if (this.escaped) {
        this.escaped = false;
      } else if (this.inString) {
        if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.capture === 'string') return i + 1;
        }
      } else if (c === 0x22) {
        this.inString = true;
        this.stringChars = 0;
      } else if (c === 0x7b || c === 0x5b) {
        // The envelope and its list are two levels above the element.
        if (++this.level + 2 > MAX_DEPTH) {
          throw new ArchiveError(
            'too-deep',
            `plus de ${MAX_DEPTH} niveaux vers la position ${this.offset + i}`,
          );
        }
      } else if ((c === 0x7d || c === 0x5d) && --this.level === 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private finishCapture(): void {
    const text = this.parts.join('');
    this.parts = [];
    const target = this.target;
    this.capture = 'none';
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ArchiveError('not-archive', `JSON invalide vers la position ${this.offset}`);
    }
    if (target === 'key') {
      this.key = value as string;
      this.mode = 'colon';
    } else if (target === 'member') {
      this.handlers.member(this.key, value);
      this.mode = 'after-member';
    } else {
      const list = this.list!;
      this.handlers.element(list, value, this.counts[list]++);
      this.mode = 'after-element';
    }
  }

  private syntaxError(i: number): ArchiveError {
    return new ArchiveError('not-archive', `JSON invalide à la position ${this.offset + i}`);
  }
}
