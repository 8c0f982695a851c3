import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { query } from '../shared/db';
import { bus } from '../shared/events';

const scryptAsync = promisify(scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;

export interface User {
  id: number;
  email: string;
  displayName: string;
  billingName: string | null;
  billingCountry: string | null;
  marketingOptIn: boolean;
}

interface UserRow {
  id: number;
  email: string;
  display_name: string;
  billing_name: string | null;
  billing_country: string | null;
  marketing_opt_in: boolean;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    billingName: row.billing_name,
    billingCountry: row.billing_country,
    marketingOptIn: row.marketing_opt_in,
  };
}

export async function getUser(id: number): Promise<User | undefined> {
  const [row] = await query<UserRow>(
    'SELECT id, email, display_name, billing_name, billing_country, marketing_opt_in FROM users WHERE id = $1',
    [id],
  );
  return row && toUser(row);
}

export async function registerUser(email: string, password: string, displayName: string): Promise<User> {
  const salt = randomBytes(16).toString('hex');
  const hash = (await scryptAsync(password, salt, 64)).toString('hex');
  const [row] = await query<UserRow>(
    `INSERT INTO users (email, password_hash, display_name)
     VALUES ($1, $2, $3)
     RETURNING id, email, display_name, billing_name, billing_country, marketing_opt_in`,
    [email.trim().toLowerCase(), `scrypt$${salt}$${hash}`, displayName],
  );
  bus.publish('user.registered', { userId: row.id, email: row.email });
  return toUser(row);
}

export async function updateBilling(id: number, billingName: string, billingCountry: string): Promise<void> {
  await query('UPDATE users SET billing_name = $2, billing_country = $3 WHERE id = $1', [id, billingName, billingCountry]);
}
