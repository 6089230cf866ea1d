/** LIS v2 vocabularies (LTI 1.3 core §A.2) and the LTI 1.1 URNs Moodle still uses for administrators. */
const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';

const STAFF_CONTEXT = ['Instructor', 'Administrator', 'ContentDeveloper', 'Manager'];
const STAFF_INSTITUTION = ['Administrator', 'Faculty', 'Staff', 'Instructor'];
const STAFF_SYSTEM = ['Administrator', 'SysAdmin', 'SysSupport', 'AccountAdmin', 'Creator'];

function isStaffRole(role: string): boolean {
  const r = role.trim();
  if (r.startsWith(MEMBERSHIP)) {
    const name = r.slice(MEMBERSHIP.length);
    return STAFF_CONTEXT.some((s) => name === s || name.startsWith(`${s}#`));
  }
  if (r.startsWith(INSTITUTION)) return STAFF_INSTITUTION.includes(r.slice(INSTITUTION.length));
  if (r.startsWith(SYSTEM)) return STAFF_SYSTEM.includes(r.slice(SYSTEM.length));
  // Simple context role names (LTI 1.3 core §A.2.3 lets platforms send these) and Moodle's 1.1 URNs.
  if (STAFF_CONTEXT.includes(r)) return true;
  return /^urn:lti:(sysrole|instrole|role):ims\/lis\/(Administrator|Instructor|Faculty|Staff|SysAdmin)$/.test(r);
}

/**
 * How a launcher is connected to the institution, from the roles claim: any teaching, staff or
 * administrator role makes them staff (who may report on behalf of a student); everyone else,
 * learners included and unknown roles by default, is a student.
 */
export function connectionFromRoles(roles: unknown): 'student' | 'staff' {
  if (!Array.isArray(roles)) return 'student';
  return roles.some((r) => typeof r === 'string' && isStaffRole(r)) ? 'staff' : 'student';
}

/** Whether the launcher may add Harbour to a course (deep linking): teachers and administrators. */
export function mayAddToCourse(roles: unknown): boolean {
  return connectionFromRoles(roles) === 'staff';
}
