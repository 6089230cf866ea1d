import assert from 'node:assert/strict';
import { startEntraGraph, type EntraGraphStandIn } from '../test/standins/entraGraph.ts';
import { capturedLogger, configFor, recordingSleep, seedUniversity } from '../test/standins/entraGraph/university.ts';
import { OfficeError } from '../core/ports/officeError.ts';
import { createMicrosoft365, type Office } from './index.ts';

const inst = '00000000-0000-4000-8000-000000000001';
const notice = { institutionId: inst, reference: 'HR-2025-0042', kind: 'adviser' as const, category: 'Harassment', campus: 'City Campus', dueDate: '2025-06-04', link: 'https://harbour.example.ac.uk/tab/cases/HR-2025-0042' };

describe('Graph mail, rooms and directory adapters', () => {
  let s: EntraGraphStandIn;
  let office: Office;
  let lines: string[];

  beforeEach(async () => {
    s = await startEntraGraph();
    seedUniversity(s);
    const log = capturedLogger();
    lines = log.lines;
    office = createMicrosoft365(configFor(s), log.logger, { sleep: recordingSleep().sleep });
  });
  afterEach(async () => {
    assert.deepEqual(s.violations, []);
    assert.ok(!lines.some((l) => /@(uni|student)\.example/.test(l)), 'no address in the logs');
    await s.close();
  });

  it('sends the new-case notice from the shared mailbox with the reference, facts and link only', async () => {
    const sent = await office.mail.sendNewCaseNotice(['alex.morgan@uni.example', 'sam.rivera@uni.example'], notice);
    assert.deepEqual(sent, { to: ['alex.morgan@uni.example', 'sam.rivera@uni.example'], channel: 'microsoft365' });
    const [mail] = s.state.sentMail;
    assert.equal(mail!.from, 'harbour@uni.example');
    assert.equal(mail!.saveToSentItems, true);
    const m = mail!.message as { subject: string; body: { contentType: string; content: string }; toRecipients: Array<{ emailAddress: { address: string } }> };
    assert.equal(m.subject, 'New case HR-2025-0042');
    assert.equal(m.body.contentType, 'HTML');
    assert.deepEqual(m.toRecipients.map((r) => r.emailAddress.address), ['alex.morgan@uni.example', 'sam.rivera@uni.example']);
    const text = m.body.content.replace(/<[^>]+>/g, ' ');
    for (const fact of ['HR-2025-0042', 'Asks to speak to an adviser', 'Harassment', 'City Campus', '2025-06-04']) assert.ok(text.includes(fact), fact);
    assert.ok(m.body.content.includes('href="https://harbour.example.ac.uk/tab/cases/HR-2025-0042"'));
    const request = s.graphRequests().find((r) => r.path.endsWith('/sendMail'))!;
    assert.equal(request.path, '/v1.0/users/harbour%40uni.example/sendMail');
  });

  it('writes to a reporter only when they are named, gave an address and consented', async () => {
    const message = { institutionId: inst, subject: 'Your report HR-2025-0042', text: 'We have received your report.' };
    assert.equal(await office.mail.sendToReporter({ named: false, email: 'a@student.example', consentedToEmail: true }, message), null);
    assert.equal(await office.mail.sendToReporter({ named: true, email: 'a@student.example', consentedToEmail: false }, message), null);
    assert.equal(await office.mail.sendToReporter({ named: true, email: null, consentedToEmail: true }, message), null);
    assert.equal(s.graphRequests().length, 0);
    const sent = await office.mail.sendToReporter({ named: true, email: 'a@student.example', consentedToEmail: true }, message);
    assert.deepEqual(sent?.to, ['a@student.example']);
    assert.deepEqual((s.state.sentMail[0]!.message as { body: unknown }).body, { contentType: 'Text', content: 'We have received your report.' });
  });

  it('says when Harbour may not send from the shared mailbox', async () => {
    s.state.accessPolicy = new Set(['alex.morgan@uni.example']);
    await assert.rejects(office.mail.sendNewCaseNotice(['alex.morgan@uni.example'], notice), (err: unknown) =>
      err instanceof OfficeError && err.reason === 'not_shared' && err.message.startsWith('Harbour is not allowed to send mail from harbour@uni.example'),
    );
  });

  it('lists a campus’s rooms from its room list and all rooms without a campus', async () => {
    const city = await office.rooms.listRooms({ institutionId: inst, campus: 'city campus' });
    assert.deepEqual(city[0], { id: 'r-a', email: 'room.willow@uni.example', name: 'Willow Room', building: 'Student Centre', floor: 1, capacity: 4, wheelchairAccessible: true, campus: 'City Campus' });
    assert.equal(city[1]!.capacity, 6, 'capacity given as a string is read as a number');
    const north = await office.rooms.listRooms({ institutionId: inst, campus: 'north.rooms@uni.example' });
    assert.deepEqual(north.map((r) => r.name), ['North Room']);
    assert.equal((await office.rooms.listRooms({ institutionId: inst })).length, 4);
    assert.deepEqual(await office.rooms.listRooms({ institutionId: inst, campus: 'Nowhere' }), []);
  });

  it('finds staff and groups with $search and ConsistencyLevel: eventual', async () => {
    const people = await office.directory.searchPeople({ institutionId: inst, query: 'pri' });
    assert.deepEqual(people.map((p) => p.displayName).sort(), ['Pritam Shah', 'Priya Patel']);
    assert.deepEqual(people.find((p) => p.displayName === 'Priya Patel'), { id: 'u-priya', displayName: 'Priya Patel', email: 'priya.patel@uni.example', userPrincipalName: 'priya.patel@uni.example', jobTitle: 'Security manager', department: 'Security' });
    const call = s.graphRequests().find((r) => r.path === '/v1.0/users')!;
    assert.equal(call.headers.consistencylevel, 'eventual');
    assert.equal(call.query.get('$search'), '"displayName:pri" OR "mail:pri"');
    assert.deepEqual(await office.directory.searchPeople({ institutionId: inst, query: '"' }), [], 'too short once quotes are removed');
    const groups = await office.directory.searchGroups({ institutionId: inst, query: 'security' });
    assert.deepEqual(groups, [{ id: 'g-sec', displayName: 'Campus security responders', email: undefined, description: undefined }]);
  });

  it('says when the directory may not be searched', async () => {
    s.entra.apps[0]!.roles = ['Mail.Send'];
    await assert.rejects(office.directory.searchPeople({ institutionId: inst, query: 'lee' }), (err: unknown) =>
      err instanceof OfficeError && err.reason === 'not_shared' && /may not search the staff directory/.test(err.message) && err.details.code === 'Authorization_RequestDenied',
    );
  });
});
