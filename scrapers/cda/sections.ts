/**
 * What each section of a CDA R2 body holds, by its LOINC code: the CI-SIS content models (CR-BIO's
 * specialty sections, VAC, VSM, IPS-FR) and C-CDA's (MyChart's export) name their sections with
 * the same codes. A sub-section without a known code holds what its parent holds; a section
 * nobody knows (a comment, a narrative) is read by nobody.
 */

export type SectionKind = 'results' | 'immunizations' | 'medications' | 'problems' | 'allergies' | 'vitals';

export const SECTION_KINDS: Readonly<Record<string, SectionKind>> = {
  // Results: C-CDA / IPS, and the specialties of a lab report (CR-BIO, LOINC 18717-9 … 26438-2).
  '30954-2': 'results', // relevant diagnostic tests / laboratory data
  '11502-2': 'results', // laboratory report
  '26436-6': 'results', // laboratory studies
  '18717-9': 'results', // blood bank
  '18718-7': 'results', // cell markers
  '18719-5': 'results', // chemistry
  '18720-3': 'results', // coagulation
  '18721-1': 'results', // therapeutic drug monitoring
  '18722-9': 'results', // fertility
  '18723-7': 'results', // hematology
  '18724-5': 'results', // HLA
  '18725-2': 'results', // microbiology
  '18727-8': 'results', // serology
  '18728-6': 'results', // toxicology
  '18729-4': 'results', // urinalysis
  '18767-4': 'results', // blood gas
  '18768-2': 'results', // cell counts
  '18769-0': 'results', // antimicrobial susceptibility
  '26435-8': 'results', // molecular pathology
  '26437-4': 'results', // chemistry challenge
  '26438-2': 'results', // cytology
  // Vaccinations (VAC, VAC-NOTE, the summaries' immunization section).
  '11369-6': 'immunizations',
  '87273-9': 'immunizations',
  // Treatments.
  '10160-0': 'medications', // history of medication use
  '10183-2': 'medications', // discharge medications
  '42346-7': 'medications', // medications on admission
  '29549-3': 'medications', // medications administered
  // Problems: current and past.
  '11450-4': 'problems', // problem list
  '11348-0': 'problems', // history of past illness
  '46612-8': 'problems', // hospital discharge diagnosis (C-CDA: « assessment »)
  // Allergies and intolerances.
  '48765-2': 'allergies',
  // Vital signs (IPS-FR, C-CDA).
  '8716-3': 'vitals',
};

/** What a whole document holds when its sections do not say (a lab report's are all results). */
export const DOCUMENT_KINDS: Readonly<Record<string, SectionKind>> = {
  '11502-2': 'results',
  '87273-9': 'immunizations',
  '11369-6': 'immunizations',
};
