/** Every way a Moodle request can be refused, each with a page a person can act on. */
export type RefusalCode =
  | 'unknown_platform'
  | 'unknown_deployment'
  | 'inactive_platform'
  | 'expired'
  | 'missing_state_cookie'
  | 'invalid_launch'
  | 'wrong_message'
  | 'platform_error'
  | 'not_allowed'
  | 'not_for_browsers'
  | 'registration_failed'
  | 'institution_unknown'
  | 'unavailable';

export interface RefusalText {
  status: number;
  title: string;
  explanation: string;
  steps: string[];
  /** The public form should open in a new tab (a framed page that the browser limits). */
  newTab?: boolean;
}

const backToMoodle = 'Go back to Moodle and open “Report an incident” again.';
const publicForm = 'Use the public reporting form instead: it works without Moodle and you can still report anonymously.';

export const REFUSALS: Record<RefusalCode, RefusalText> = {
  unknown_platform: {
    status: 403,
    title: 'Harbour does not recognise this Moodle site',
    explanation: 'The Moodle site that sent you here is not registered with Harbour, or its registration was removed, so Harbour cannot trust the sign-in it sent.',
    steps: [publicForm, 'Moodle administrators: register Harbour with this site (see “Add Harbour to Moodle”).'],
  },
  unknown_deployment: {
    status: 403,
    title: 'This Moodle tool is not set up for Harbour',
    explanation: 'The sign-in came from a registered Moodle site, but through a tool deployment Harbour was not told about.',
    steps: [publicForm, 'Moodle administrators: add the deployment id shown in Moodle’s tool details with “npm run cli -- lti platform add”.'],
  },
  inactive_platform: {
    status: 403,
    title: 'Harbour’s connection to this Moodle site is switched off',
    explanation: 'This Moodle site is registered but not active in Harbour.',
    steps: [publicForm, 'Moodle administrators: ask Harbour’s operator to activate the registration.'],
  },
  expired: {
    status: 401,
    title: 'This launch has expired',
    explanation: 'Moodle’s sign-in for Harbour is valid for a short time and can be used only once. This one was too old, or was already used.',
    steps: [backToMoodle, publicForm],
  },
  missing_state_cookie: {
    status: 401,
    title: 'Your browser blocked something Harbour needs inside Moodle',
    explanation:
      'When Moodle starts the sign-in, Harbour sets a short-lived cookie and checks it when you arrive. Your browser did not send it back. Browsers often block cookies for a site shown inside another site (Safari, Firefox strict mode, Chrome with third-party cookies blocked, private windows).',
    steps: [
      'Open the reporting form in a new tab: it needs no cookie and works the same way.',
      'Or allow cookies for this site in your browser, then go back to Moodle and open the activity again.',
      'Moodle administrators: setting the tool’s launch container to “New window” avoids this.',
    ],
    newTab: true,
  },
  invalid_launch: {
    status: 401,
    title: 'Harbour could not verify this launch',
    explanation: 'The sign-in from Moodle failed Harbour’s security checks, so Harbour did not accept it and saved nothing.',
    steps: [backToMoodle, publicForm],
  },
  wrong_message: {
    status: 400,
    title: 'Harbour cannot handle this kind of Moodle request',
    explanation: 'Moodle sent a kind of LTI message, or an LTI version, that Harbour does not support (Harbour supports LTI 1.3 resource links and deep linking).',
    steps: [publicForm, 'Moodle administrators: check that the tool is configured for LTI 1.3.'],
  },
  platform_error: {
    status: 400,
    title: 'Moodle declined to sign you in to Harbour',
    explanation: 'Moodle answered the sign-in request with an error instead of a sign-in.',
    steps: [backToMoodle, publicForm],
  },
  not_allowed: {
    status: 403,
    title: 'Only teachers and administrators can add Harbour to a course',
    explanation: 'Adding the “Report an incident” link to a course needs a teacher or administrator role in Moodle.',
    steps: [publicForm],
  },
  not_for_browsers: {
    status: 400,
    title: 'This address is for Moodle',
    explanation: 'Moodle uses this address to sign you in to Harbour; opening it directly does nothing.',
    steps: [publicForm],
  },
  registration_failed: {
    status: 502,
    title: 'Harbour could not register with this Moodle site',
    explanation: 'The dynamic registration did not complete, so nothing was registered.',
    steps: ['Close this panel and try again, or register Harbour manually with “npm run cli -- lti platform add” (see “Add Harbour to Moodle”).'],
  },
  unavailable: {
    status: 503,
    title: 'Harbour could not finish this just now',
    explanation: 'Something went wrong on Harbour’s side, so nothing was saved.',
    steps: ['Try again in a minute: go back to Moodle and open “Report an incident” again.', publicForm],
  },
  institution_unknown: {
    status: 400,
    title: 'Which institution is this Moodle site for?',
    explanation: 'This Harbour serves more than one institution (or none yet), so the registration address must name one.',
    steps: ['Use the registration URL with your institution’s short name, for example …/lti/register?institution=your-slug (Harbour’s operator can list them).'],
  },
};

/** ltijs's error messages (from its token checks) mapped to what the person is told. */
export function refusalForLtijs(message: string | undefined): RefusalCode {
  switch (message) {
    case 'MISSING_VALIDATION_COOKIE':
      return 'missing_state_cookie';
    case 'UNREGISTERED_PLATFORM':
      return 'unknown_platform';
    case 'PLATFORM_NOT_ACTIVATED':
      return 'inactive_platform';
    case 'jwt expired':
    case 'TOKEN_TOO_OLD':
    case 'IDTOKEN_NOT_FOUND_DB':
    case 'CONTEXTTOKEN_NOT_FOUND_DB':
    case 'Session not found.':
      return 'expired';
    case 'NO_MESSAGE_TYPE_CLAIM':
    case 'NO_LTI_VERSION_CLAIM':
    case 'WRONG_LTI_VERSION_CLAIM':
    case 'NO_TARGET_LINK_URI_CLAIM':
    case 'NO_RESOURCE_LINK_ID_CLAIM':
    case 'NO_DEPLOYMENT_ID_CLAIM':
    case 'NO_SUB_CLAIM':
    case 'NO_ROLES_CLAIM':
      return 'wrong_message';
    case 'NO_LTIK_OR_IDTOKEN_FOUND':
      return 'not_for_browsers';
    default:
      return 'invalid_launch';
  }
}
