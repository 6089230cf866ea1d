/**
 * A host config close to Teams' light theme, so screenshots look like what case managers see.
 * Only used to render cards outside Teams (Teams applies its own host config).
 */
export const TEAMS_LIGHT_HOST_CONFIG = {
  fontFamily: "'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', sans-serif",
  supportsInteractivity: true,
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        dark: { default: '#000000', subtle: '#424242' },
        light: { default: '#FFFFFF', subtle: '#F5F5F5' },
        accent: { default: '#5B5FC7', subtle: '#4F52B2' },
        good: { default: '#0E700E', subtle: '#107C10' },
        warning: { default: '#835B00', subtle: '#8A5A00' },
        attention: { default: '#C4314B', subtle: '#A4262C' },
      },
    },
    emphasis: { backgroundColor: '#F5F5F5' },
    good: { backgroundColor: '#E7F2DA' },
    warning: { backgroundColor: '#FBF6D9' },
    attention: { backgroundColor: '#FCF4F6' },
    accent: { backgroundColor: '#E8EBFA' },
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    buttonSpacing: 8,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  adaptiveCard: { allowCustomStyle: true },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: true, weight: 'default', wrap: true, maxWidth: 150 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 12,
  },
  inputs: {
    label: { inputSpacing: 'small', requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' }, optionalInputs: { weight: 'bolder' } },
    errorMessage: { size: 'small', spacing: 'small', weight: 'default' },
  },
};

/** Button and input styling in the spirit of Teams (the library's own CSS is plain). */
export const TEAMS_LIGHT_CSS = `
  body { margin: 0; padding: 24px; background: #F0F0F0; }
  #card { width: 440px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.14); overflow: hidden; background: #fff; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; border: 1px solid #D1D1D1; border-radius: 4px;
    background: #fff; color: #242424; padding: 5px 12px; min-height: 32px; flex: 0 1 auto !important; }
  .ac-pushButton.style-positive, .ac-pushButton.expanded { background: #5B5FC7; border-color: #5B5FC7; color: #fff; }
  .ac-input, .ac-textInput, .ac-dateInput, select.ac-input { font-family: inherit; font-size: 14px; border: 1px solid #D1D1D1;
    border-radius: 4px; padding: 5px 8px; min-height: 32px; box-sizing: border-box; }
  .ac-choiceSetInput-expanded label { font-size: 14px; }
`;
