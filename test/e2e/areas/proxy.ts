// The loopback proxy n8n gets as HTTPS_PROXY: Dropbox hosts end at the stand-in (its test certificate, trusted
// through NODE_EXTRA_CA_CERTS), other Dropbox domains are refused, and nothing listens beyond loopback.
import type { E2eArea, E2eContext } from '../context';
import { accepts, connectThrough, externalAddresses } from '../probe.cjs';

export const proxyArea: E2eArea = { register };

function register(ctx: E2eContext) {
	describe('the loopback proxy', () => {
		const proxyPort = () => Number(new URL(ctx.n8n.proxy.url).port);
		const ca = () => String(ctx.n8n.caPem);

		test.each(['api.dropboxapi.com', 'content.dropboxapi.com', 'notify.dropboxapi.com'])(
			'CONNECT %s:443 ends at the stand-in, under the real name',
			async (host) => {
				const answer = await connectThrough(proxyPort(), `${host}:443`, { ca: ca(), servername: host });
				expect(answer.status).toBe(200);
				expect(answer.authorized).toBe(true);
				expect(answer.subjectAltName).toContain(`DNS:${host}`);
			},
		);

		test.each(['www.dropbox.com:443', 'dropboxapi.com:443', 'evil.dropboxapi.com:443', 'api.dropboxapi.com.:443'])(
			'CONNECT %s is not forwarded anywhere but the stand-in',
			async (target) => {
				const answer = await connectThrough(proxyPort(), target, {
					ca: ca(),
					servername: target.replace(/\.?:\d+$/, ''),
				}).catch((error: Error) => ({ status: -1, error }));
				// Either refused outright, or (for a stand-in host spelled with a trailing dot) answered by the stand-in.
				if (answer.status === 200) expect((answer as { authorized?: boolean }).authorized).toBe(true);
				else expect(answer.status).toBe(403);
			},
		);

		test('the proxy, the stand-in and n8n listen on loopback only', async () => {
			const ports = [proxyPort(), ctx.standIn.port, ctx.n8n.port];
			for (const port of ports) expect(await accepts('127.0.0.1', port)).toBe(true);
			for (const address of externalAddresses()) {
				for (const port of ports) expect(await accepts(address, port)).toBe(false);
			}
		});
	});
}
