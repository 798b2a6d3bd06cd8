/**
 * The analytes the normaliser knows: French and English names as labs write them, the units
 * they come in, and the LOINC code of each. To add one, append an entry; a name only needs to be
 * written once in plain words (accents, case, punctuation and parentheses do not matter).
 *
 * Codes are the LOINC "in Serum or Plasma" / "in Blood by Automated count" terms that French
 * and US labs report routinely (https://loinc.org). Where a mass and a substance concentration
 * exist, they are two entries: g/L and mmol/L are different codes.
 */
import type { UnitGroup } from './units';

/** Where a test belongs, as a lab report and a doctor group them. */
export type BodySystem =
  | 'blood-count'
  | 'glucose'
  | 'electrolytes'
  | 'kidney'
  | 'liver'
  | 'lipids'
  | 'thyroid'
  | 'iron'
  | 'vitamins'
  | 'inflammation'
  | 'coagulation'
  | 'prostate'
  | 'serology'
  | 'urine';

export interface AnalyteEntry {
  loinc: string;
  system: BodySystem;
  /** What LOINC calls it, for people reading the table. */
  display: string;
  names: readonly string[];
  units: readonly UnitGroup[];
  /** Urine tests are only matched when the name or the panel says urine. */
  specimen?: 'urine';
}

const GLUCOSE = [
  'glycemie',
  'glycemie a jeun',
  'glucose',
  'glucose a jeun',
  'glucose fasting',
  'fasting glucose',
  'glu',
];
const CREATININE = ['creatinine', 'creatininemie', 'creat', 'creatinine serique'];
const CHOLESTEROL = ['cholesterol total', 'cholesterol', 'cholesterol, total', 'total cholesterol', 'chol'];
const HDL = ['cholesterol hdl', 'hdl cholesterol', 'hdl', 'hdl c', 'hdl-c'];
const LDL = [
  'cholesterol ldl calcule',
  'ldl calcule',
  'cholesterol ldl',
  'ldl cholesterol calculated',
  'ldl cholesterol calc',
  'ldl cholesterol',
  'ldl calculated',
  'ldl',
  'ldl c',
  'ldl-c',
];
const TRIGLYCERIDES = ['triglycerides', 'triglyceride', 'trig', 'tg'];
const UREA = ['uree', 'uree sanguine', 'urea'];
const URIC_ACID = ['acide urique', 'uricemie', 'uric acid'];
const CALCIUM = ['calcium', 'calcemie', 'ca'];
const PHOSPHATE = ['phosphore', 'phosphates', 'phosphatemie', 'phosphorus', 'phosphate'];
const BILIRUBIN = [
  'bilirubine totale',
  'bilirubine',
  'bilirubin total',
  'total bilirubin',
  'bilirubin',
  'tbil',
];
const IRON = ['fer serique', 'fer', 'sideremie', 'iron', 'serum iron'];
const VITAMIN_D = [
  'vitamine d',
  'vitamine d 25 oh',
  '25 oh vitamine d',
  '25 oh d',
  'vitamine d2 d3',
  'vitamin d',
  'vitamin d 25 hydroxy',
  '25 hydroxy vitamin d',
  'vitamin d 25 oh',
];
const B12 = ['vitamine b12', 'cobalamine', 'vitamin b12', 'b12'];
const FOLATE = ['folates', 'acide folique', 'vitamine b9', 'folates seriques', 'folate', 'folic acid'];
const FT4 = ['t4 libre', 't4l', 'thyroxine libre', 'free t4', 'ft4', 't4 free', 'thyroxine free'];
const FT3 = ['t3 libre', 't3l', 'free t3', 'ft3', 't3 free'];

export const ANALYTES: readonly AnalyteEntry[] = [
  // Blood count
  {
    loinc: '718-7',
    system: 'blood-count',
    display: 'Hemoglobin [Mass/volume] in Blood',
    names: ['hemoglobine', 'hb', 'hgb', 'hemoglobin'],
    units: ['mass'],
  },
  {
    loinc: '59260-0',
    system: 'blood-count',
    display: 'Hemoglobin [Moles/volume] in Blood',
    names: ['hemoglobine', 'hb', 'hgb', 'hemoglobin'],
    units: ['substance'],
  },
  {
    loinc: '4544-3',
    system: 'blood-count',
    display: 'Hematocrit [Volume Fraction] of Blood by Automated count',
    names: ['hematocrite', 'ht', 'hct', 'hematocrit'],
    units: ['percent'],
  },
  {
    loinc: '789-8',
    system: 'blood-count',
    display: 'Erythrocytes [#/volume] in Blood by Automated count',
    names: [
      'hematies',
      'globules rouges',
      'erythrocytes',
      'gr',
      'rbc',
      'red blood cells',
      'red blood cell count',
    ],
    units: ['count'],
  },
  {
    loinc: '6690-2',
    system: 'blood-count',
    display: 'Leukocytes [#/volume] in Blood by Automated count',
    names: [
      'leucocytes',
      'globules blancs',
      'gb',
      'wbc',
      'white blood cells',
      'white blood cell count',
      'leukocytes',
    ],
    units: ['count'],
  },
  {
    loinc: '777-3',
    system: 'blood-count',
    display: 'Platelets [#/volume] in Blood by Automated count',
    names: ['plaquettes', 'thrombocytes', 'numeration plaquettaire', 'platelets', 'plt', 'platelet count'],
    units: ['count'],
  },
  {
    loinc: '787-2',
    system: 'blood-count',
    display: 'MCV [Entitic volume] by Automated count',
    names: ['vgm', 'v g m', 'volume globulaire moyen', 'mcv', 'mean corpuscular volume'],
    units: ['fl'],
  },
  {
    loinc: '785-6',
    system: 'blood-count',
    display: 'MCH [Entitic mass] by Automated count',
    names: ['tcmh', 't c m h', 'teneur corpusculaire moyenne en hemoglobine', 'mch'],
    units: ['pg'],
  },
  {
    loinc: '786-4',
    system: 'blood-count',
    display: 'MCHC [Mass/volume] by Automated count',
    names: ['ccmh', 'c c m h', 'concentration corpusculaire moyenne en hemoglobine', 'mchc'],
    units: ['mass', 'percent'],
  },
  {
    loinc: '751-8',
    system: 'blood-count',
    display: 'Neutrophils [#/volume] in Blood by Automated count',
    names: [
      'polynucleaires neutrophiles',
      'neutrophiles',
      'pnn',
      'neutrophils',
      'neutrophils absolute',
      'neut',
    ],
    units: ['count'],
  },
  {
    loinc: '731-0',
    system: 'blood-count',
    display: 'Lymphocytes [#/volume] in Blood by Automated count',
    names: ['lymphocytes', 'lymphs', 'lymphocytes absolute', 'lymph'],
    units: ['count'],
  },
  {
    loinc: '742-7',
    system: 'blood-count',
    display: 'Monocytes [#/volume] in Blood by Automated count',
    names: ['monocytes', 'monos', 'monocytes absolute', 'mono'],
    units: ['count'],
  },
  {
    loinc: '711-2',
    system: 'blood-count',
    display: 'Eosinophils [#/volume] in Blood by Automated count',
    names: ['polynucleaires eosinophiles', 'eosinophiles', 'eosinophils', 'eos'],
    units: ['count'],
  },
  {
    loinc: '704-7',
    system: 'blood-count',
    display: 'Basophils [#/volume] in Blood by Automated count',
    names: ['polynucleaires basophiles', 'basophiles', 'basophils', 'baso'],
    units: ['count'],
  },
  {
    loinc: '770-8',
    system: 'blood-count',
    display: 'Neutrophils/100 leukocytes in Blood by Automated count',
    names: ['polynucleaires neutrophiles', 'neutrophiles', 'pnn', 'neutrophils', 'neut'],
    units: ['percent'],
  },
  {
    loinc: '736-9',
    system: 'blood-count',
    display: 'Lymphocytes/100 leukocytes in Blood by Automated count',
    names: ['lymphocytes', 'lymphs', 'lymph'],
    units: ['percent'],
  },

  // Glucose
  {
    loinc: '2345-7',
    system: 'glucose',
    display: 'Glucose [Mass/volume] in Serum or Plasma',
    names: GLUCOSE,
    units: ['mass'],
  },
  {
    loinc: '14749-6',
    system: 'glucose',
    display: 'Glucose [Moles/volume] in Serum or Plasma',
    names: GLUCOSE,
    units: ['substance'],
  },
  {
    loinc: '4548-4',
    system: 'glucose',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood',
    names: [
      'hemoglobine glyquee',
      'hemoglobine glycquee',
      'hba1c',
      'hb a1c',
      'hemoglobine a1c',
      'hemoglobin a1c',
      'a1c',
      'glycated hemoglobin',
    ],
    units: ['percent'],
  },
  {
    loinc: '59261-8',
    system: 'glucose',
    display: 'Hemoglobin A1c/Hemoglobin.total in Blood by IFCC protocol',
    names: ['hemoglobine glyquee', 'hba1c', 'hb a1c', 'hemoglobin a1c', 'a1c'],
    units: ['mmolmol'],
  },

  // Ions
  {
    loinc: '2951-2',
    system: 'electrolytes',
    display: 'Sodium [Moles/volume] in Serum or Plasma',
    names: ['sodium', 'natremie', 'na', 'na+'],
    units: ['substance'],
  },
  {
    loinc: '2823-3',
    system: 'electrolytes',
    display: 'Potassium [Moles/volume] in Serum or Plasma',
    names: ['potassium', 'kaliemie', 'k', 'k+'],
    units: ['substance'],
  },
  {
    loinc: '2075-0',
    system: 'electrolytes',
    display: 'Chloride [Moles/volume] in Serum or Plasma',
    names: ['chlore', 'chlorures', 'chloremie', 'chloride', 'cl'],
    units: ['substance'],
  },
  {
    loinc: '2028-9',
    system: 'electrolytes',
    display: 'Carbon dioxide, total [Moles/volume] in Serum or Plasma',
    names: [
      'bicarbonates',
      'reserve alcaline',
      'co2 total',
      'bicarbonate',
      'co2',
      'carbon dioxide',
      'total co2',
    ],
    units: ['substance'],
  },
  {
    loinc: '17861-6',
    system: 'electrolytes',
    display: 'Calcium [Mass/volume] in Serum or Plasma',
    names: CALCIUM,
    units: ['mass'],
  },
  {
    loinc: '2000-8',
    system: 'electrolytes',
    display: 'Calcium [Moles/volume] in Serum or Plasma',
    names: CALCIUM,
    units: ['substance'],
  },
  {
    loinc: '2777-1',
    system: 'electrolytes',
    display: 'Phosphate [Mass/volume] in Serum or Plasma',
    names: PHOSPHATE,
    units: ['mass'],
  },
  {
    loinc: '14879-1',
    system: 'electrolytes',
    display: 'Phosphate [Moles/volume] in Serum or Plasma',
    names: PHOSPHATE,
    units: ['substance'],
  },

  // Kidney
  {
    loinc: '2160-0',
    system: 'kidney',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    names: CREATININE,
    units: ['mass'],
  },
  {
    loinc: '14682-9',
    system: 'kidney',
    display: 'Creatinine [Moles/volume] in Serum or Plasma',
    names: CREATININE,
    units: ['substance'],
  },
  {
    loinc: '3094-0',
    system: 'kidney',
    display: 'Urea nitrogen [Mass/volume] in Serum or Plasma',
    names: ['bun', 'blood urea nitrogen', 'urea nitrogen'],
    units: ['mass'],
  },
  {
    loinc: '3091-6',
    system: 'kidney',
    display: 'Urea [Mass/volume] in Serum or Plasma',
    names: UREA,
    units: ['mass'],
  },
  {
    loinc: '22664-7',
    system: 'kidney',
    display: 'Urea [Moles/volume] in Serum or Plasma',
    names: UREA,
    units: ['substance'],
  },
  {
    loinc: '3084-1',
    system: 'kidney',
    display: 'Urate [Mass/volume] in Serum or Plasma',
    names: URIC_ACID,
    units: ['mass'],
  },
  {
    loinc: '14933-6',
    system: 'kidney',
    display: 'Urate [Moles/volume] in Serum or Plasma',
    names: URIC_ACID,
    units: ['substance'],
  },
  // CKD-EPI is the formula French (HAS) and US labs report; a bare "eGFR" is read as it.
  {
    loinc: '62238-1',
    system: 'kidney',
    display: 'GFR/1.73 sq M.predicted by Creatinine-based formula (CKD-EPI)',
    names: [
      'dfg estime ckd epi',
      'dfg ckd epi',
      'debit de filtration glomerulaire',
      'dfg estime',
      'dfg',
      'egfr',
      'egfr ckd epi',
      'estimated gfr',
      'gfr estimated',
      'egfr non african american',
      'egfr if non africn am',
    ],
    units: ['egfr'],
  },

  // Liver
  {
    loinc: '1920-8',
    system: 'liver',
    display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    names: [
      'asat',
      'tgo',
      'asat tgo',
      'sgot',
      'ast',
      'ast sgot',
      'transaminases asat',
      'aspartate aminotransferase',
    ],
    units: ['enzyme'],
  },
  {
    loinc: '1742-6',
    system: 'liver',
    display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    names: [
      'alat',
      'tgp',
      'alat tgp',
      'sgpt',
      'alt',
      'alt sgpt',
      'transaminases alat',
      'alanine aminotransferase',
    ],
    units: ['enzyme'],
  },
  {
    loinc: '2324-2',
    system: 'liver',
    display: 'Gamma glutamyl transferase [Enzymatic activity/volume] in Serum or Plasma',
    names: ['gamma gt', 'ggt', 'gamma glutamyl transferase', 'gamma glutamyltransferase', 'g gt', 'gamma-gt'],
    units: ['enzyme'],
  },
  {
    loinc: '6768-6',
    system: 'liver',
    display: 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma',
    names: ['phosphatases alcalines', 'pal', 'alkaline phosphatase', 'alk phos', 'alp'],
    units: ['enzyme'],
  },
  {
    loinc: '1975-2',
    system: 'liver',
    display: 'Bilirubin.total [Mass/volume] in Serum or Plasma',
    names: BILIRUBIN,
    units: ['mass'],
  },
  {
    loinc: '14631-6',
    system: 'liver',
    display: 'Bilirubin.total [Moles/volume] in Serum or Plasma',
    names: BILIRUBIN,
    units: ['substance'],
  },
  {
    loinc: '1751-7',
    system: 'liver',
    display: 'Albumin [Mass/volume] in Serum or Plasma',
    names: ['albumine', 'albuminemie', 'albumin', 'alb'],
    units: ['mass'],
  },
  {
    loinc: '2885-2',
    system: 'liver',
    display: 'Protein [Mass/volume] in Serum or Plasma',
    names: ['proteines totales', 'protides totaux', 'proteinemie', 'total protein', 'protein total'],
    units: ['mass'],
  },

  // Lipids
  {
    loinc: '2093-3',
    system: 'lipids',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
    names: CHOLESTEROL,
    units: ['mass'],
  },
  {
    loinc: '14647-2',
    system: 'lipids',
    display: 'Cholesterol [Moles/volume] in Serum or Plasma',
    names: CHOLESTEROL,
    units: ['substance'],
  },
  {
    loinc: '2085-9',
    system: 'lipids',
    display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma',
    names: HDL,
    units: ['mass'],
  },
  {
    loinc: '14646-4',
    system: 'lipids',
    display: 'Cholesterol in HDL [Moles/volume] in Serum or Plasma',
    names: HDL,
    units: ['substance'],
  },
  {
    loinc: '13457-7',
    system: 'lipids',
    display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation',
    names: LDL,
    units: ['mass'],
  },
  {
    loinc: '22748-8',
    system: 'lipids',
    display: 'Cholesterol in LDL [Moles/volume] in Serum or Plasma',
    names: LDL,
    units: ['substance'],
  },
  {
    loinc: '2571-8',
    system: 'lipids',
    display: 'Triglyceride [Mass/volume] in Serum or Plasma',
    names: TRIGLYCERIDES,
    units: ['mass'],
  },
  {
    loinc: '14927-8',
    system: 'lipids',
    display: 'Triglyceride [Moles/volume] in Serum or Plasma',
    names: TRIGLYCERIDES,
    units: ['substance'],
  },

  // Thyroid
  {
    loinc: '3016-3',
    system: 'thyroid',
    display: 'Thyrotropin [Units/volume] in Serum or Plasma',
    names: [
      'tsh',
      'tsh ultrasensible',
      'tsh us',
      'thyreostimuline',
      'thyrotropine',
      'thyroid stimulating hormone',
      'thyrotropin',
    ],
    units: ['units'],
  },
  {
    loinc: '3024-7',
    system: 'thyroid',
    display: 'Thyroxine (T4) free [Mass/volume] in Serum or Plasma',
    names: FT4,
    units: ['mass'],
  },
  {
    loinc: '14920-3',
    system: 'thyroid',
    display: 'Thyroxine (T4) free [Moles/volume] in Serum or Plasma',
    names: FT4,
    units: ['substance'],
  },
  {
    loinc: '3051-0',
    system: 'thyroid',
    display: 'Triiodothyronine (T3) free [Mass/volume] in Serum or Plasma',
    names: FT3,
    units: ['mass'],
  },
  {
    loinc: '14928-6',
    system: 'thyroid',
    display: 'Triiodothyronine (T3) free [Moles/volume] in Serum or Plasma',
    names: FT3,
    units: ['substance'],
  },

  // Iron
  {
    loinc: '2276-4',
    system: 'iron',
    display: 'Ferritin [Mass/volume] in Serum or Plasma',
    names: ['ferritine', 'ferritinemie', 'ferritin'],
    units: ['mass'],
  },
  {
    loinc: '2498-4',
    system: 'iron',
    display: 'Iron [Mass/volume] in Serum or Plasma',
    names: IRON,
    units: ['mass'],
  },
  {
    loinc: '14798-3',
    system: 'iron',
    display: 'Iron [Moles/volume] in Serum or Plasma',
    names: IRON,
    units: ['substance'],
  },
  {
    loinc: '3034-6',
    system: 'iron',
    display: 'Transferrin [Mass/volume] in Serum or Plasma',
    names: ['transferrine', 'sidérophiline', 'transferrin'],
    units: ['mass'],
  },
  {
    loinc: '2502-3',
    system: 'iron',
    display: 'Iron saturation [Mass Fraction] in Serum or Plasma',
    names: [
      'coefficient de saturation de la transferrine',
      'saturation de la transferrine',
      'cst',
      'iron saturation',
      'transferrin saturation',
    ],
    units: ['percent'],
  },

  // Vitamins
  {
    loinc: '1989-3',
    system: 'vitamins',
    display: '25-hydroxyvitamin D3 [Mass/volume] in Serum or Plasma',
    names: VITAMIN_D,
    units: ['mass'],
  },
  {
    loinc: '62292-8',
    system: 'vitamins',
    display: '25-hydroxyvitamin D2+D3 [Moles/volume] in Serum or Plasma',
    names: VITAMIN_D,
    units: ['substance'],
  },
  {
    loinc: '2132-9',
    system: 'vitamins',
    display: 'Cobalamin (Vitamin B12) [Mass/volume] in Serum or Plasma',
    names: B12,
    units: ['mass'],
  },
  {
    loinc: '14685-2',
    system: 'vitamins',
    display: 'Cobalamin (Vitamin B12) [Moles/volume] in Serum or Plasma',
    names: B12,
    units: ['substance'],
  },
  {
    loinc: '2284-8',
    system: 'vitamins',
    display: 'Folate [Mass/volume] in Serum or Plasma',
    names: FOLATE,
    units: ['mass'],
  },
  {
    loinc: '14732-2',
    system: 'vitamins',
    display: 'Folate [Moles/volume] in Serum or Plasma',
    names: FOLATE,
    units: ['substance'],
  },

  // Inflammation
  {
    loinc: '1988-5',
    system: 'inflammation',
    display: 'C reactive protein [Mass/volume] in Serum or Plasma',
    names: ['crp', 'proteine c reactive', 'c reactive protein', 'c-reactive protein'],
    units: ['mass'],
  },
  {
    loinc: '30522-7',
    system: 'inflammation',
    display: 'C reactive protein [Mass/volume] in Serum or Plasma by High sensitivity method',
    names: [
      'crp ultrasensible',
      'crp us',
      'crp hs',
      'hs crp',
      'crp high sensitivity',
      'high sensitivity crp',
    ],
    units: ['mass'],
  },
  {
    loinc: '30341-2',
    system: 'inflammation',
    display: 'Erythrocyte sedimentation rate',
    names: [
      'vitesse de sedimentation',
      'vs',
      'vs 1re heure',
      'vitesse de sedimentation 1re heure',
      'esr',
      'sed rate',
      'sedimentation rate',
    ],
    units: ['mmh'],
  },

  // Coagulation
  {
    loinc: '6301-6',
    system: 'coagulation',
    display: 'INR in Platelet poor plasma by Coagulation assay',
    names: ['inr', 'international normalized ratio'],
    units: ['none'],
  },
  {
    loinc: '5894-1',
    system: 'coagulation',
    display: 'Prothrombin time (PT) actual/normal in Platelet poor plasma by Coagulation assay',
    names: ['taux de prothrombine', 'tp', 'prothrombin time percent'],
    units: ['percent'],
  },
  {
    loinc: '14979-9',
    system: 'coagulation',
    display: 'aPTT in Platelet poor plasma by Coagulation assay',
    names: [
      'tca',
      'temps de cephaline activee',
      'temps de cephaline avec activateur',
      'aptt',
      'ptt',
      'activated partial thromboplastin time',
    ],
    units: ['seconds'],
  },
  {
    loinc: '3255-7',
    system: 'coagulation',
    display: 'Fibrinogen [Mass/volume] in Platelet poor plasma by Coagulation assay',
    names: ['fibrinogene', 'fibrinogen'],
    units: ['mass'],
  },

  // Prostate
  {
    loinc: '2857-1',
    system: 'prostate',
    display: 'Prostate specific Ag [Mass/volume] in Serum or Plasma',
    names: [
      'psa',
      'psa total',
      'antigene prostatique specifique',
      'antigene specifique de la prostate',
      'prostate specific antigen',
      'psa total serique',
    ],
    units: ['mass'],
  },
  {
    loinc: '10886-0',
    system: 'prostate',
    display: 'Prostate Specific Ag Free [Mass/volume] in Serum or Plasma',
    names: ['psa libre', 'free psa', 'psa free'],
    units: ['mass'],
  },

  // Serology
  {
    loinc: '5196-1',
    system: 'serology',
    display: 'Hepatitis B virus surface Ag [Presence] in Serum',
    names: ['antigene hbs', 'ag hbs', 'aghbs', 'hbsag', 'hepatitis b surface antigen'],
    units: ['none'],
  },
  {
    loinc: '16935-9',
    system: 'serology',
    display: 'Hepatitis B virus surface Ab [Units/volume] in Serum',
    names: ['anticorps anti hbs', 'ac anti hbs', 'anti hbs', 'hepatitis b surface antibody'],
    units: ['units'],
  },

  // Urine (dipstick)
  {
    loinc: '25428-4',
    system: 'urine',
    display: 'Glucose [Presence] in Urine by Test strip',
    names: ['glucose urinaire', 'glycosurie', 'glucose', 'urine glucose'],
    units: ['none'],
    specimen: 'urine',
  },
  {
    loinc: '5802-4',
    system: 'urine',
    display: 'Nitrite [Presence] in Urine by Test strip',
    names: ['nitrites', 'nitrite', 'urine nitrite', 'nitrite urine'],
    units: ['none'],
    specimen: 'urine',
  },
  {
    loinc: '5778-6',
    system: 'urine',
    display: 'Color of Urine',
    names: ['couleur des urines', 'couleur urinaire', 'color urine', 'urine color', 'colour urine'],
    units: ['none'],
    specimen: 'urine',
  },
  {
    loinc: '5811-5',
    system: 'urine',
    display: 'Specific gravity of Urine by Test strip',
    names: ['densite urinaire', 'densite des urines', 'specific gravity urine', 'urine specific gravity'],
    units: ['none'],
    specimen: 'urine',
  },
  {
    loinc: '2888-6',
    system: 'urine',
    display: 'Protein [Mass/volume] in Urine',
    names: ['proteinurie', 'proteines urinaires', 'urine protein', 'protein urine'],
    units: ['mass', 'none'],
    specimen: 'urine',
  },
];
