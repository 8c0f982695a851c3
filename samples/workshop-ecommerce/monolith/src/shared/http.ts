import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** The signed-in user's id, set by the session middleware in main.ts. */
export function currentUserId(res: Response): number {
  const id = res.locals.userId as number | undefined;
  if (id === undefined) throw new HttpError(401, 'not signed in');
  return id;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const errorHandler = (error: unknown, _req: Request, res: Response, _next: NextFunction): void => {
  const status = error instanceof HttpError ? error.status : 500;
  if (status === 500) console.error(error);
  res.status(status).json({ error: error instanceof Error ? error.message : 'internal error' });
};

/** Reads the user id the edge proxy forwards after checking the session. */
export const sessionFromProxy: RequestHandler = (req, res, next) => {
  const header = req.header('x-user-id');
  if (header) res.locals.userId = Number(header);
  next();
};
