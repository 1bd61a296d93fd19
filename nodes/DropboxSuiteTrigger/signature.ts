import { createHmac, timingSafeEqual } from 'crypto';

/** Dropbox signs each notification: hex HMAC-SHA256 of the raw body, keyed with the app secret. */
export function isSignedByDropbox(rawBody: Buffer, signature: unknown, appSecret: string): boolean {
	if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature) || !appSecret) return false;
	const expected = createHmac('sha256', appSecret).update(rawBody).digest();
	return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/**
 * Which accounts (user apps) or members of the given team (team apps) a notification names. An app's webhook
 * hears about every account and team linked to the app, so members of other teams are left out.
 */
export function namedInNotification(body: unknown, teamId?: string): { accounts: string[]; members: string[] } {
	const listFolder = ((body ?? {}) as { list_folder?: { accounts?: unknown; teams?: unknown } }).list_folder ?? {};
	const accounts = Array.isArray(listFolder.accounts) ? listFolder.accounts.map(String) : [];
	const teams = (listFolder.teams ?? {}) as Record<string, unknown>;
	const members = Object.entries(teams)
		.filter(([id]) => id === teamId)
		.flatMap(([, list]) => (Array.isArray(list) ? list.map(String) : []));
	return { accounts, members };
}

/** The notification's JSON, or undefined when the body is not JSON. */
export function parseNotification(rawBody: Buffer): unknown {
	try {
		return JSON.parse(rawBody.toString('utf8'));
	} catch {
		return undefined;
	}
}
