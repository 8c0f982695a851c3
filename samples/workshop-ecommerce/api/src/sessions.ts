import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export interface Session {
  userId: number;
  email: string;
  createdAt: number;
}

const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** Signed-in sessions, keyed by the bearer token handed out at sign-in. */
const sessions = new Map<string, Session>();

export function createSession(userId: number, email: string): string {
  const token = randomBytes(32).toString('hex');
  sessions.set(token, { userId, email, createdAt: Date.now() });
  return token;
}

export function endSession(token: string): void {
  sessions.delete(token);
}

function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** Puts the signed-in user's id into res.locals.userId, or answers 401. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  const token = tokenOf(req);
  const session = token ? sessions.get(token) : undefined;
  if (!session || Date.now() - session.createdAt > SESSION_TTL_MS) {
    res.status(401).json({ error: 'Bitte melden Sie sich an.' });
    return;
  }
  res.locals.userId = session.userId;
  next();
}
