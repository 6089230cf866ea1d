import type { Logger } from 'pino';
import type { MailPort, OutgoingMail, SentMail } from '../core/ports/mail.ts';
import type { GraphGateway } from './gateway.ts';
import { newCaseMessage, reporterAddress } from './mailContent.ts';

/** Mail from the service's shared mailbox through Graph sendMail (application permission Mail.Send). */
export function createGraphMail(gateway: GraphGateway, sender: string, logger: Logger): MailPort {
  const send = async (m: OutgoingMail): Promise<SentMail> => {
    const to = [...new Set(m.to.map((t) => t.trim()).filter(Boolean))];
    if (!to.length) throw new Error('A message needs at least one recipient');
    await gateway.call({
      method: 'POST',
      path: `/users/${encodeURIComponent(sender)}/sendMail`,
      headers: { 'Content-Type': 'application/json' },
      body: {
        message: {
          subject: m.subject,
          body: m.html ? { contentType: 'HTML', content: m.html } : { contentType: 'Text', content: m.text },
          toRecipients: to.map((address) => ({ emailAddress: { address } })),
        },
        saveToSentItems: true,
      },
      context: { area: 'mail', mailbox: sender },
    });
    logger.info({ institutionId: m.institutionId, recipients: to.length }, 'mail sent through Microsoft 365');
    return { to, channel: 'microsoft365' };
  };
  return {
    send,
    sendNewCaseNotice: (to, notice) => send({ institutionId: notice.institutionId, to, ...newCaseMessage(notice) }),
    async sendToReporter(reporter, message) {
      const address = reporterAddress(reporter);
      return address ? send({ ...message, to: [address] }) : null;
    },
  };
}
