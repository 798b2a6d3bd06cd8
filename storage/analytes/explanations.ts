/**
 * What each common test is, in plain words, French and English, written for the project: what it
 * measures, why a doctor asks for it, and what a value out of range usually points to. Never a
 * diagnosis: a result is read with the doctor who asked for it.
 *
 * The reference ranges the dashboard shows are never taken from here: each is the one the lab that
 * did the test printed beside it (its own, for its method and its patients), and the dashboard
 * says which lab. Hence no figure in these texts, but where a threshold is a public guideline.
 *
 * One entry per test, whatever its unit: its LOINC codes are those of `./table.ts` (a test in
 * g/L and in mmol/L has two codes and one explanation). A test the table knows and this file does
 * not explain shows no explanation; `explanations.test.ts` lists them.
 */

export interface Explanation {
  /** The LOINC codes it explains. */
  loinc: readonly string[];
  fr: { name: string; text: string };
  en: { name: string; text: string };
}

export const EXPLANATIONS: readonly Explanation[] = [
  // Blood count
  {
    loinc: ['718-7', '59260-0'],
    fr: {
      name: 'Hémoglobine',
      text: 'La protéine des globules rouges qui transporte l’oxygène. Basse, elle signe une anémie (fatigue, essoufflement) ; haute, elle se voit chez les fumeurs, en altitude ou en cas de déshydratation.',
    },
    en: {
      name: 'Haemoglobin',
      text: 'The protein in red blood cells that carries oxygen. Low means anaemia (tiredness, shortness of breath); high is seen in smokers, at altitude or when dehydrated.',
    },
  },
  {
    loinc: ['4544-3'],
    fr: {
      name: 'Hématocrite',
      text: 'La part du volume du sang occupée par les globules rouges. Elle varie avec l’hémoglobine : basse dans l’anémie, haute quand le sang est concentré.',
    },
    en: {
      name: 'Haematocrit',
      text: 'The share of the blood’s volume taken by red blood cells. It moves with haemoglobin: low in anaemia, high when the blood is concentrated.',
    },
  },
  {
    loinc: ['789-8'],
    fr: {
      name: 'Globules rouges (hématies)',
      text: 'Le nombre de globules rouges. Il se lit avec l’hémoglobine et la taille des globules (VGM) pour comprendre une anémie.',
    },
    en: {
      name: 'Red blood cells',
      text: 'The number of red blood cells. It is read with haemoglobin and the size of the cells (MCV) to understand an anaemia.',
    },
  },
  {
    loinc: ['6690-2'],
    fr: {
      name: 'Globules blancs (leucocytes)',
      text: 'Les cellules qui défendent le corps contre les infections. Ils montent lors d’une infection ou d’une inflammation, et baissent avec certains médicaments ou certaines infections virales.',
    },
    en: {
      name: 'White blood cells',
      text: 'The cells that defend the body against infections. They rise with an infection or inflammation, and fall with some medicines or some viral infections.',
    },
  },
  {
    loinc: ['777-3'],
    fr: {
      name: 'Plaquettes',
      text: 'Les cellules qui font coaguler le sang. Trop peu exposent aux saignements ; un nombre élevé se voit après une inflammation ou une carence en fer.',
    },
    en: {
      name: 'Platelets',
      text: 'The cells that make blood clot. Too few means a risk of bleeding; a high count is seen after inflammation or with iron deficiency.',
    },
  },
  {
    loinc: ['787-2'],
    fr: {
      name: 'VGM (volume globulaire moyen)',
      text: 'La taille moyenne des globules rouges. Petite, elle oriente vers un manque de fer ; grande, vers un manque de vitamine B12 ou de folates, ou une consommation d’alcool.',
    },
    en: {
      name: 'MCV (mean cell volume)',
      text: 'The average size of red blood cells. Small points to a lack of iron; large to a lack of vitamin B12 or folate, or to alcohol.',
    },
  },
  {
    loinc: ['785-6', '786-4'],
    fr: {
      name: 'TCMH / CCMH',
      text: 'La quantité et la concentration d’hémoglobine dans chaque globule rouge. Elles baissent surtout quand le fer manque.',
    },
    en: {
      name: 'MCH / MCHC',
      text: 'The amount and concentration of haemoglobin in each red blood cell. They fall mostly when iron is lacking.',
    },
  },
  {
    loinc: ['751-8', '770-8'],
    fr: {
      name: 'Polynucléaires neutrophiles',
      text: 'Les globules blancs qui luttent contre les bactéries. Ils augmentent lors d’une infection bactérienne ou d’un stress ; une baisse importante expose aux infections.',
    },
    en: {
      name: 'Neutrophils',
      text: 'The white blood cells that fight bacteria. They rise with a bacterial infection or stress; a large fall means a higher risk of infection.',
    },
  },
  {
    loinc: ['731-0', '736-9'],
    fr: {
      name: 'Lymphocytes',
      text: 'Les globules blancs de l’immunité (anticorps, défense contre les virus). Ils varient souvent avec les infections virales.',
    },
    en: {
      name: 'Lymphocytes',
      text: 'The white blood cells of immunity (antibodies, defence against viruses). They often change with viral infections.',
    },
  },
  {
    loinc: ['742-7'],
    fr: {
      name: 'Monocytes',
      text: 'Des globules blancs qui nettoient les tissus. Ils augmentent parfois lors d’infections qui durent.',
    },
    en: {
      name: 'Monocytes',
      text: 'White blood cells that clean up tissues. They sometimes rise with lasting infections.',
    },
  },
  {
    loinc: ['711-2'],
    fr: {
      name: 'Polynucléaires éosinophiles',
      text: 'Des globules blancs liés aux allergies et aux parasites : ils augmentent dans ces situations.',
    },
    en: {
      name: 'Eosinophils',
      text: 'White blood cells linked to allergies and parasites: they rise in those situations.',
    },
  },
  {
    loinc: ['704-7'],
    fr: {
      name: 'Polynucléaires basophiles',
      text: 'Des globules blancs peu nombreux, impliqués dans les réactions allergiques.',
    },
    en: {
      name: 'Basophils',
      text: 'Scarce white blood cells involved in allergic reactions.',
    },
  },
  // Blood sugar
  {
    loinc: ['2345-7', '14749-6'],
    fr: {
      name: 'Glycémie',
      text: 'Le taux de sucre dans le sang, mesuré à jeun. Élevé à plusieurs reprises, il fait rechercher un diabète ; bas, il peut donner malaise et sueurs.',
    },
    en: {
      name: 'Blood glucose',
      text: 'The level of sugar in the blood, measured fasting. High more than once, it leads to testing for diabetes; low, it can cause faintness and sweating.',
    },
  },
  {
    loinc: ['4548-4', '59261-8'],
    fr: {
      name: 'Hémoglobine glyquée (HbA1c)',
      text: 'La moyenne du sucre dans le sang sur les deux à trois derniers mois. Elle sert à suivre un diabète ; l’objectif est fixé avec le médecin.',
    },
    en: {
      name: 'Glycated haemoglobin (HbA1c)',
      text: 'The average blood sugar over the last two to three months. It is used to follow diabetes; the target is set with the doctor.',
    },
  },
  // Electrolytes and minerals
  {
    loinc: ['2951-2'],
    fr: {
      name: 'Sodium (natrémie)',
      text: 'Le sel du sang, qui règle l’eau du corps. Il varie avec l’hydratation, certains médicaments (diurétiques) et le fonctionnement des reins.',
    },
    en: {
      name: 'Sodium',
      text: 'The salt of the blood, which governs the body’s water. It changes with hydration, some medicines (diuretics) and kidney function.',
    },
  },
  {
    loinc: ['2823-3'],
    fr: {
      name: 'Potassium (kaliémie)',
      text: 'Un minéral essentiel au cœur et aux muscles. Il est surveillé avec certains traitements de la tension et quand les reins fonctionnent moins bien.',
    },
    en: {
      name: 'Potassium',
      text: 'A mineral essential to the heart and muscles. It is watched with some blood pressure treatments and when the kidneys work less well.',
    },
  },
  {
    loinc: ['2075-0', '2028-9'],
    fr: {
      name: 'Chlore / bicarbonates',
      text: 'Des éléments de l’ionogramme qui renseignent sur l’équilibre acide-base et l’hydratation.',
    },
    en: {
      name: 'Chloride / bicarbonate',
      text: 'Parts of the electrolyte panel that tell about the acid–base balance and hydration.',
    },
  },
  {
    loinc: ['17861-6', '2000-8'],
    fr: {
      name: 'Calcium (calcémie)',
      text: 'Le calcium du sang, qui sert aux os, aux muscles et aux nerfs. Il dépend de la vitamine D, des glandes parathyroïdes et des reins.',
    },
    en: {
      name: 'Calcium',
      text: 'The calcium of the blood, used by bones, muscles and nerves. It depends on vitamin D, the parathyroid glands and the kidneys.',
    },
  },
  {
    loinc: ['2777-1', '14879-1'],
    fr: {
      name: 'Phosphore (phosphatémie)',
      text: 'Un minéral des os, lu avec le calcium ; il s’élève quand les reins l’éliminent moins bien.',
    },
    en: {
      name: 'Phosphate',
      text: 'A mineral of the bones, read with calcium; it rises when the kidneys clear it less well.',
    },
  },
  // Kidneys
  {
    loinc: ['2160-0', '14682-9'],
    fr: {
      name: 'Créatinine',
      text: 'Un déchet des muscles éliminé par les reins. Elle sert à estimer le fonctionnement des reins (le DFG) ; elle est plus haute chez les personnes musclées.',
    },
    en: {
      name: 'Creatinine',
      text: 'A waste product of the muscles cleared by the kidneys. It is used to estimate how well the kidneys work (eGFR); it is higher in muscular people.',
    },
  },
  {
    loinc: ['62238-1'],
    fr: {
      name: 'DFG (débit de filtration glomérulaire estimé)',
      text: 'Une estimation, calculée à partir de la créatinine, de la capacité des reins à filtrer le sang. Plus il est bas, moins les reins filtrent ; la formule CKD-EPI est celle que recommande la HAS.',
    },
    en: {
      name: 'eGFR (estimated glomerular filtration rate)',
      text: 'An estimate, computed from creatinine, of how well the kidneys filter the blood. The lower it is, the less they filter; CKD-EPI is the formula guidelines recommend.',
    },
  },
  {
    loinc: ['3094-0', '3091-6', '22664-7'],
    fr: {
      name: 'Urée (BUN : azote uréique)',
      text: 'Un déchet des protéines éliminé par les reins. Elle monte quand les reins fonctionnent moins bien, en cas de déshydratation ou de repas riches en protéines. « BUN » est son nom américain.',
    },
    en: {
      name: 'Urea (BUN: blood urea nitrogen)',
      text: 'A waste product of proteins cleared by the kidneys. It rises when the kidneys work less well, with dehydration or protein-rich meals.',
    },
  },
  {
    loinc: ['3084-1', '14933-6'],
    fr: {
      name: 'Acide urique (uricémie)',
      text: 'Un déchet de l’alimentation et des cellules. En excès, il peut se déposer dans les articulations (goutte) ou former des calculs.',
    },
    en: {
      name: 'Uric acid',
      text: 'A waste product of food and cells. In excess it can settle in the joints (gout) or form stones.',
    },
  },
  // Liver
  {
    loinc: ['1920-8'],
    fr: {
      name: 'ASAT (TGO, transaminases)',
      text: 'Une enzyme du foie et des muscles. Elle monte quand des cellules du foie (ou des muscles) souffrent : alcool, surpoids, médicaments, hépatite. TGO est son ancien nom.',
    },
    en: {
      name: 'AST (aspartate aminotransferase)',
      text: 'An enzyme of the liver and muscles. It rises when liver (or muscle) cells are harmed: alcohol, excess weight, medicines, hepatitis.',
    },
  },
  {
    loinc: ['1742-6'],
    fr: {
      name: 'ALAT (TGP, transaminases)',
      text: 'Une enzyme surtout présente dans le foie : c’est la plus spécifique d’une souffrance du foie (surpoids, alcool, médicaments, hépatite). TGP est son ancien nom.',
    },
    en: {
      name: 'ALT (alanine aminotransferase)',
      text: 'An enzyme found mostly in the liver: the most specific sign of liver harm (excess weight, alcohol, medicines, hepatitis).',
    },
  },
  {
    loinc: ['2324-2'],
    fr: {
      name: 'Gamma-GT',
      text: 'Une enzyme du foie et des voies biliaires, sensible à l’alcool et à certains médicaments.',
    },
    en: {
      name: 'Gamma-GT',
      text: 'An enzyme of the liver and bile ducts, sensitive to alcohol and some medicines.',
    },
  },
  {
    loinc: ['6768-6'],
    fr: {
      name: 'Phosphatases alcalines',
      text: 'Des enzymes du foie et des os : elles montent quand la bile s’écoule mal, ou quand l’os se renouvelle (croissance, fracture).',
    },
    en: {
      name: 'Alkaline phosphatase',
      text: 'Enzymes of the liver and bones: they rise when bile flows poorly, or when bone renews (growth, fracture).',
    },
  },
  {
    loinc: ['1975-2', '14631-6'],
    fr: {
      name: 'Bilirubine',
      text: 'Un pigment jaune issu des globules rouges usés, éliminé par le foie. En excès, il colore la peau et les yeux en jaune (jaunisse).',
    },
    en: {
      name: 'Bilirubin',
      text: 'A yellow pigment from worn-out red blood cells, cleared by the liver. In excess it turns the skin and eyes yellow (jaundice).',
    },
  },
  {
    loinc: ['1751-7', '2885-2'],
    fr: {
      name: 'Albumine / protéines totales',
      text: 'Les protéines du sang, fabriquées surtout par le foie. Basses, elles font penser à une dénutrition, à une maladie du foie ou à une perte par les reins.',
    },
    en: {
      name: 'Albumin / total protein',
      text: 'The proteins of the blood, made mostly by the liver. Low, they suggest undernutrition, liver disease or loss through the kidneys.',
    },
  },
  // Lipids
  {
    loinc: ['2093-3', '14647-2'],
    fr: {
      name: 'Cholestérol total',
      text: 'Tout le cholestérol du sang, le « bon » (HDL) et le « mauvais » (LDL). Il se lit avec ses fractions : c’est surtout le LDL qui compte pour le risque cardiovasculaire.',
    },
    en: {
      name: 'Total cholesterol',
      text: 'All the cholesterol in the blood, the “good” (HDL) and the “bad” (LDL). It is read with its parts: LDL matters most for heart and vessel risk.',
    },
  },
  {
    loinc: ['2085-9', '14646-4'],
    fr: {
      name: 'HDL-cholestérol (« bon » cholestérol)',
      text: 'Le cholestérol que le sang ramène vers le foie. Un taux bas est moins favorable pour le cœur et les vaisseaux.',
    },
    en: {
      name: 'HDL cholesterol (“good” cholesterol)',
      text: 'The cholesterol the blood carries back to the liver. A low level is less favourable for the heart and vessels.',
    },
  },
  {
    loinc: ['13457-7', '22748-8'],
    fr: {
      name: 'LDL-cholestérol (« mauvais » cholestérol)',
      text: 'Le cholestérol qui se dépose dans les artères. L’objectif dépend du risque cardiovasculaire de chacun, fixé avec le médecin ; il est souvent calculé plutôt que mesuré.',
    },
    en: {
      name: 'LDL cholesterol (“bad” cholesterol)',
      text: 'The cholesterol that builds up in arteries. The target depends on each person’s heart and vessel risk, set with the doctor; it is often calculated rather than measured.',
    },
  },
  {
    loinc: ['2571-8', '14927-8'],
    fr: {
      name: 'Triglycérides',
      text: 'Des graisses du sang venant de l’alimentation (sucres, alcool, graisses). Ils se mesurent à jeun et baissent avec l’activité physique.',
    },
    en: {
      name: 'Triglycerides',
      text: 'Fats in the blood from food (sugar, alcohol, fat). They are measured fasting and fall with physical activity.',
    },
  },
  // Thyroid
  {
    loinc: ['3016-3'],
    fr: {
      name: 'TSH',
      text: 'L’hormone du cerveau qui commande la thyroïde : c’est le premier examen de la thyroïde. Haute, la thyroïde travaille trop peu (hypothyroïdie) ; basse, trop (hyperthyroïdie).',
    },
    en: {
      name: 'TSH',
      text: 'The brain’s hormone that drives the thyroid: the first thyroid test. High means the thyroid does too little (hypothyroidism); low, too much (hyperthyroidism).',
    },
  },
  {
    loinc: ['3024-7', '14920-3', '3051-0', '14928-6'],
    fr: {
      name: 'T4 libre / T3 libre',
      text: 'Les hormones de la thyroïde, dosées quand la TSH est anormale ou pour suivre un traitement.',
    },
    en: {
      name: 'Free T4 / free T3',
      text: 'The thyroid’s hormones, measured when TSH is abnormal or to follow a treatment.',
    },
  },
  // Iron
  {
    loinc: ['2276-4'],
    fr: {
      name: 'Ferritine',
      text: 'Les réserves de fer du corps. Basse, elle montre un manque de fer ; haute, elle se voit dans l’inflammation, les maladies du foie ou une surcharge en fer.',
    },
    en: {
      name: 'Ferritin',
      text: 'The body’s iron stores. Low shows a lack of iron; high is seen with inflammation, liver disease or iron overload.',
    },
  },
  {
    loinc: ['2498-4', '14798-3', '3034-6', '2502-3'],
    fr: {
      name: 'Fer, transferrine et saturation',
      text: 'Le fer circulant et la protéine qui le transporte. Lus avec la ferritine, ils précisent un manque ou un excès de fer.',
    },
    en: {
      name: 'Iron, transferrin and saturation',
      text: 'The iron in the blood and the protein that carries it. Read with ferritin, they show a lack or an excess of iron.',
    },
  },
  // Vitamins
  {
    loinc: ['1989-3', '62292-8'],
    fr: {
      name: 'Vitamine D (25-OH)',
      text: 'La vitamine des os, fabriquée par la peau au soleil. Un taux bas est fréquent en hiver ; une supplémentation se décide avec le médecin.',
    },
    en: {
      name: 'Vitamin D (25-OH)',
      text: 'The vitamin of the bones, made by the skin in sunlight. A low level is common in winter; supplements are decided with the doctor.',
    },
  },
  {
    loinc: ['2132-9', '14685-2', '2284-8', '14732-2'],
    fr: {
      name: 'Vitamine B12 / folates (B9)',
      text: 'Des vitamines nécessaires à la fabrication des globules rouges et aux nerfs. Un manque donne une anémie à gros globules rouges.',
    },
    en: {
      name: 'Vitamin B12 / folate (B9)',
      text: 'Vitamins needed to make red blood cells and for the nerves. A lack causes an anaemia with large red blood cells.',
    },
  },
  // Inflammation
  {
    loinc: ['1988-5', '30522-7'],
    fr: {
      name: 'CRP (protéine C réactive)',
      text: 'Un signe d’inflammation ou d’infection en cours, qui monte en quelques heures et redescend à la guérison. La CRP ultrasensible, plus fine, sert aussi à évaluer le risque cardiovasculaire.',
    },
    en: {
      name: 'CRP (C-reactive protein)',
      text: 'A sign of ongoing inflammation or infection, which rises within hours and falls on recovery. High-sensitivity CRP, finer, is also used for heart and vessel risk.',
    },
  },
  {
    loinc: ['30341-2'],
    fr: {
      name: 'Vitesse de sédimentation (VS)',
      text: 'Un ancien signe d’inflammation, plus lent que la CRP ; elle augmente aussi avec l’âge et pendant la grossesse.',
    },
    en: {
      name: 'Erythrocyte sedimentation rate (ESR)',
      text: 'An older sign of inflammation, slower than CRP; it also rises with age and during pregnancy.',
    },
  },
  // Clotting
  {
    loinc: ['6301-6', '5894-1'],
    fr: {
      name: 'INR / taux de prothrombine (TP)',
      text: 'La rapidité de coagulation du sang. L’INR sert à régler un traitement anticoagulant (AVK) : sa cible est fixée par le médecin.',
    },
    en: {
      name: 'INR / prothrombin time',
      text: 'How fast the blood clots. INR is used to adjust an anticoagulant (warfarin-type) treatment: its target is set by the doctor.',
    },
  },
  {
    loinc: ['14979-9', '3255-7'],
    fr: {
      name: 'TCA / fibrinogène',
      text: 'D’autres mesures de la coagulation, demandées avant une opération ou pour suivre certains traitements ; le fibrinogène monte aussi avec l’inflammation.',
    },
    en: {
      name: 'aPTT / fibrinogen',
      text: 'Other clotting measures, asked for before surgery or to follow some treatments; fibrinogen also rises with inflammation.',
    },
  },
  // Prostate
  {
    loinc: ['2857-1', '10886-0'],
    fr: {
      name: 'PSA',
      text: 'Une protéine de la prostate. Elle augmente avec l’âge, une grosse prostate, une infection ou un cancer : son résultat se discute toujours avec le médecin.',
    },
    en: {
      name: 'PSA',
      text: 'A protein of the prostate. It rises with age, an enlarged prostate, an infection or a cancer: its result is always discussed with the doctor.',
    },
  },
  // Serology
  {
    loinc: ['5196-1'],
    fr: {
      name: 'Antigène HBs (hépatite B)',
      text: 'Recherche le virus de l’hépatite B dans le sang. « Négatif » : le virus n’est pas présent.',
    },
    en: {
      name: 'HBs antigen (hepatitis B)',
      text: 'Looks for the hepatitis B virus in the blood. “Negative”: the virus is not there.',
    },
  },
  {
    loinc: ['16935-9'],
    fr: {
      name: 'Anticorps anti-HBs',
      text: 'Les anticorps contre l’hépatite B, après un vaccin ou une infection guérie. Au-dessus du seuil du laboratoire, la personne est protégée.',
    },
    en: {
      name: 'Anti-HBs antibodies',
      text: 'Antibodies against hepatitis B, after a vaccine or a healed infection. Above the lab’s threshold, the person is protected.',
    },
  },
  // Urine
  {
    loinc: ['25428-4', '5802-4', '5778-6', '5811-5'],
    fr: {
      name: 'Bandelette urinaire',
      text: 'Un test rapide des urines : du sucre fait rechercher un diabète, des nitrites une infection urinaire ; la couleur et la densité disent surtout l’hydratation.',
    },
    en: {
      name: 'Urine dipstick',
      text: 'A quick urine test: sugar leads to testing for diabetes, nitrites to a urinary infection; colour and specific gravity mostly tell hydration.',
    },
  },
  {
    loinc: ['2888-6'],
    fr: {
      name: 'Protéines dans les urines (protéinurie)',
      text: 'Des protéines passées dans les urines : elles peuvent signaler une atteinte des reins, à surveiller notamment en cas de diabète ou d’hypertension.',
    },
    en: {
      name: 'Protein in urine',
      text: 'Protein that passed into the urine: it can signal kidney harm, watched especially with diabetes or high blood pressure.',
    },
  },
];

const BY_LOINC = new Map(EXPLANATIONS.flatMap((entry) => entry.loinc.map((code) => [code, entry] as const)));

/** The explanation of a test, in the interface's language (French unless English). */
export function explanationOf(loinc: string | null, locale: string): { name: string; text: string } | null {
  const entry = loinc ? BY_LOINC.get(loinc) : undefined;
  if (!entry) return null;
  return locale.toLowerCase().startsWith('en') ? entry.en : entry.fr;
}
