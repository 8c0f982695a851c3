import { query } from '../../shared/db';

/**
 * Background job: sends queued e-mails through the mail provider's HTTP API.
 * Runs in the shop-core worker (k8s/worker.yaml), every 30 seconds.
 */

const BATCH_SIZE = 100;
const INTERVAL_MS = 30_000;

interface OutboxRow {
  id: number;
  template: string;
  payload: Record<string, unknown>;
  email: string;
  display_name: string;
}

async function sendMail(row: OutboxRow): Promise<void> {
  const response = await fetch(`${process.env.MAIL_API_URL}/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.MAIL_API_KEY}` },
    body: JSON.stringify({ to: row.email, name: row.display_name, template: row.template, data: row.payload }),
  });
  if (!response.ok) throw new Error(`mail API answered ${response.status}`);
}

export async function sendPendingMails(): Promise<number> {
  const batch = await query<OutboxRow>(
    `SELECT m.id, m.template, m.payload, u.email, u.display_name
       FROM email_outbox m
       JOIN users u ON u.id = m.user_id
      WHERE m.sent_at IS NULL AND m.attempts < 5
      ORDER BY m.created_at
      LIMIT $1`,
    [BATCH_SIZE],
  );
  for (const row of batch) {
    try {
      await sendMail(row);
      await query('UPDATE email_outbox SET sent_at = now() WHERE id = $1', [row.id]);
    } catch (error) {
      console.error(`outbox ${row.id}:`, error);
      await query('UPDATE email_outbox SET attempts = attempts + 1 WHERE id = $1', [row.id]);
    }
  }
  return batch.length;
}

export function startOutboxJob(): NodeJS.Timeout {
  console.log('outbox job started');
  return setInterval(() => {
    sendPendingMails().catch((error: unknown) => console.error('outbox run failed', error));
  }, INTERVAL_MS);
}
