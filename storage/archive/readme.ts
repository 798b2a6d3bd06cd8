/**
 * The README inside a ZIP export: what each file is, in the language of the interface that made
 * it. It is part of the file, not of the interface, hence here rather than in messages.json.
 */
import type { CsvLocale } from './csv';

export interface ReadmeFacts {
  exportedAt: string;
  records: number;
  captures: number;
  files: number;
  csvFiles: readonly string[];
  whole: boolean;
  /** Table rows left out of the FHIR bundle. */
  fhirSkipped: number;
}

export function readmeName(locale: CsvLocale): string {
  return locale === 'fr' ? 'LISEZ-MOI.txt' : 'README.txt';
}

export function readmeText(locale: CsvLocale, f: ReadmeFacts): string {
  const lines =
    locale === 'fr'
      ? [
          'Mes données, ma santé — export de vos données de santé',
          '',
          `Exporté le ${f.exportedAt} : ${f.records} enregistrement(s), ${f.captures} capture(s), ${f.files} fichier(s).`,
          f.whole ? 'Contenu : toute votre archive.' : 'Contenu : une sélection de votre archive.',
          '',
          'archive.json',
          '  L’archive complète (enregistrements et historique des captures), au format de référence',
          '  « mes-donnees-sante/archive » version 1. C’est ce fichier que l’extension sait réimporter.',
          '',
          'csv/',
          '  Un fichier par type de données, une colonne par champ, pour un tableur (UTF-8,',
          '  séparateur « ; », virgule décimale) :',
          ...f.csvFiles.map((name) => `    ${name}`),
          '',
          'fhir/bundle.json',
          '  Les mêmes données au format FHIR R4 (Bundle de type « collection »), lisible par les',
          '  logiciels de santé. Les documents y sont joints quand leur fichier est enregistré.',
          ...(f.fhirSkipped > 0
            ? [`  ${f.fhirSkipped} ligne(s) de tableau générique n’ont pas d’équivalent FHIR.`]
            : []),
          '',
          'files/ et files.json',
          '  Les documents téléchargés depuis vos portails (comptes rendus, ordonnances…), nommés',
          '  par leur empreinte SHA-256, et leur description (type, adresse d’origine).',
          '',
          'Ces fichiers contiennent des données de santé : gardez-les en lieu sûr.',
        ]
      : [
          'Mes données, ma santé — export of your health data',
          '',
          `Exported on ${f.exportedAt}: ${f.records} record(s), ${f.captures} capture(s), ${f.files} file(s).`,
          f.whole ? 'Contents: your whole archive.' : 'Contents: a selection of your archive.',
          '',
          'archive.json',
          '  The complete archive (records and capture history) in the reference format',
          '  "mes-donnees-sante/archive" version 1. This is the file the extension can import again.',
          '',
          'csv/',
          '  One file per kind of data, one column per field, for a spreadsheet (UTF-8,',
          '  "," separator, "." decimals):',
          ...f.csvFiles.map((name) => `    ${name}`),
          '',
          'fhir/bundle.json',
          '  The same data as FHIR R4 (a "collection" Bundle), readable by health software.',
          '  Documents are attached when their file was saved.',
          ...(f.fhirSkipped > 0 ? [`  ${f.fhirSkipped} generic table row(s) have no FHIR equivalent.`] : []),
          '',
          'files/ and files.json',
          '  The documents downloaded from your portals (reports, prescriptions…), named by their',
          '  SHA-256 digest, and their description (type, original address).',
          '',
          'These files hold health data: keep them somewhere safe.',
        ];
  return `${lines.join('\r\n')}\r\n`;
}
