/**
 * The optional equality monitoring questions (the usual UK set). Answers are kept apart from the
 * report, with only the month, for statistics; every question can be left out or declined.
 * Labels are in the message catalogue under `report.equality.<question>` and `.<question>.<answer>`.
 */
export const EQUALITY_QUESTIONS: Record<string, string[]> = {
  age: ['under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus', 'prefer_not'],
  gender: ['woman', 'man', 'non_binary', 'another', 'prefer_not'],
  trans: ['yes', 'no', 'prefer_not'],
  ethnicity: ['asian', 'black', 'mixed', 'white', 'another', 'prefer_not'],
  disability: ['yes', 'no', 'prefer_not'],
  religion: ['none', 'buddhist', 'christian', 'hindu', 'jewish', 'muslim', 'sikh', 'another', 'prefer_not'],
  orientation: ['bisexual', 'gay_lesbian', 'heterosexual', 'another', 'prefer_not'],
};

export const EQUALITY_KEYS = Object.keys(EQUALITY_QUESTIONS);
