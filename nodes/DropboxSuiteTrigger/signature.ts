import { createHmac, timingSafeEqual } from 'crypto';

/** Dropbox signs each notification: hex HMAC-SHA256 of the raw body, keyed with the app secret. */
export function isSignedByDropbox(rawBody: Buffer, signature: unknown, appSecret: string): boolean {
	if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature) || !appSecret) return false;
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Which accounts (user apps) or team members (team apps) a notification names. */
export function namedInNotification(body: unknown): { accounts: string[]; members: string[] } {
	const listFolder = ((body ?? {}) as { list_folder?: { accounts?: unknown; teams?: unknown } }).list_folder ?? {};
	const accounts = Array.isArray(listFolder.accounts) ? listFolder.accounts.map(String) : [];
	const teams = (listFolder.teams ?? {}) as Record<string, unknown>;
	const members = Object.values(teams).flatMap((list) => (Array.isArray(list) ? list.map(String) : []));
	return { accounts, members };
}
