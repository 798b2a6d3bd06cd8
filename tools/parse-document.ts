/**
 * Reads a document file in Node for the CLI and the fixture tests, as the dashboard does in the
 * browser: an XML file decoded by its own declaration and parsed by happy-dom's DOMParser
 * (nothing in it runs or loads), a PDF's text through pdf.js.
 */
import { Window } from 'happy-dom';
import type { DocumentInput } from '../scrapers/documents';
import { decodeXml, parseXml } from '../scrapers/document-runner';
import { sniffFileType } from '../storage/file-type';

export interface ParsedDocument {
  input: DocumentInput;
  mimeType: 'application/xml' | 'application/pdf';
  close(): Promise<void>;
}

/**
 * The document in a file's bytes, or null when it is neither XML nor PDF. Throws
 * UnreadableXmlError (or a PDF error) on a file that claims to be one and is not.
 */
export async function parseDocumentFile(bytes: Uint8Array): Promise<ParsedDocument | null> {
  const type = sniffFileType(bytes);
  if (type === 'application/xml') {
    const window = new Window({
      settings: { enableJavaScriptEvaluation: false, disableJavaScriptFileLoading: true },
    });
    try {
      const parser = new window.DOMParser() as unknown as DOMParser;
      const doc = parseXml(decodeXml(bytes), parser);
      return {
        input: { format: 'xml', doc },
        mimeType: 'application/xml',
        close: () => window.happyDOM.close(),
      };
    } catch (error) {
      await window.happyDOM.close();
      throw error;
    }
  }
  return null;
}
