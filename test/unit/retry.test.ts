import type { DropboxFailure } from '../../nodes/shared/errors';
import { isTransient, retryDelay } from '../../nodes/shared/retry';

const policy = { maxAttempts: 5, maxWaitMs: 60_000 };
const failure = (status: number | undefined, body: unknown = undefined, headers: Record<string, unknown> = {}): DropboxFailure => ({
	status,
	body,
	headers,
	code: status === undefined ? 'ECONNRESET' : undefined,
});
const half = () => 0.5;

describe('retryDelay', () => {
	it('waits exactly the Retry-After seconds of a 429', () => {
		expect(retryDelay(failure(429, 'Too many requests', { 'retry-after': '7' }), 1, 0, policy, half)).toBe(7000);
	});

	it('reads retry_after from a JSON 429 body when the header is absent', () => {
		const body = { error_summary: 'too_many_requests/..', error: { reason: { '.tag': 'too_many_requests' }, retry_after: 3 } };
		expect(retryDelay(failure(429, body), 1, 0, policy, half)).toBe(3000);
	});

	it('retries too_many_write_operations nested inside a 409', () => {
		const body = { error_summary: 'path/too_many_write_operations/..', error: { '.tag': 'path', reason: { '.tag': 'too_many_write_operations' } } };
		expect(isTransient(failure(409, body))).toBe(true);
		expect(retryDelay(failure(409, body), 1, 0, policy, half)).toBe(750);
	});

	it('does not retry an ordinary 409, a 400 or a 401', () => {
		expect(retryDelay(failure(409, { error_summary: 'path/not_found/..', error: { '.tag': 'path' } }), 1, 0, policy)).toBeUndefined();
		expect(retryDelay(failure(400, 'bad'), 1, 0, policy)).toBeUndefined();
		expect(retryDelay(failure(401, { error: { '.tag': 'missing_scope' } }), 1, 0, policy)).toBeUndefined();
	});

	it('backs off exponentially with jitter on 5xx and dropped connections', () => {
		const delays = [1, 2, 3, 4].map((attempt) => retryDelay(failure(503), attempt, 0, { ...policy, maxAttempts: 10 }, half));
		expect(delays).toEqual([750, 1500, 3000, 6000]);
		expect(retryDelay(failure(undefined), 1, 0, policy, () => 0)).toBe(500);
		expect(retryDelay(failure(undefined), 1, 0, policy, () => 1)).toBe(1000);
	});

	it('caps one backoff at 30 seconds', () => {
		expect(retryDelay(failure(500), 12, 0, { maxAttempts: 20, maxWaitMs: 1e9 }, () => 1)).toBe(30_000);
	});

	it('gives up after the last attempt or when the total wait would pass the bound', () => {
		expect(retryDelay(failure(503), 5, 0, policy, half)).toBeUndefined();
		expect(retryDelay(failure(429, '', { 'retry-after': '10' }), 1, 55_000, policy)).toBeUndefined();
		expect(retryDelay(failure(429, '', { 'retry-after': '5' }), 1, 55_000, policy)).toBe(5000);
	});
});
