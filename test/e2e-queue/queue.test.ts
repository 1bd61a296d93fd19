// The queue-mode suite: n8n 2.41.1 as teams run it when one n8n is not enough. Postgres and Redis (Debian's
// packages, loopback, throwaway data), an n8n main, two workers and two webhook processors sharing them and
// N8N_ENCRYPTION_KEY, this package installed as a community package for all of them, the Dropbox stand-in behind
// the proxy. Areas register their tests; everything started is stopped afterwards, also when a step fails.
import { QueueCluster, e2eUserFolder, progress } from '../../scripts/n8n.cjs';
import { actionsArea } from './areas/actions';
import { pollingTriggerArea } from './areas/pollingTrigger';
import { twoWaySyncArea } from './areas/twoWaySync';
import { webhookTriggerArea } from './areas/webhookTrigger';
import type { QueueArea, QueueContext } from './context';
import { chosenAreas, writeFigures } from './support.cjs';

const allAreas: Record<string, QueueArea> = { actions: actionsArea, webhookTrigger: webhookTriggerArea, pollingTrigger: pollingTriggerArea, twoWaySync: twoWaySyncArea };
/** QUEUE_AREAS=webhookTrigger,pollingTrigger runs only those (local runs); CI runs all. */
const chosen = chosenAreas() ?? Object.keys(allAreas);
const areas: QueueArea[] = chosen.map((name) => {
	if (!allAreas[name]) throw new Error(`QUEUE_AREAS: no area "${name}"; the areas are ${Object.keys(allAreas).join(', ')}`);
	return allAreas[name];
});

const ctx = { figures: {} } as QueueContext;
let cluster: QueueCluster | undefined;
const log = progress('queue');

beforeAll(async () => {
	cluster = new QueueCluster({
		userFolder: e2eUserFolder(),
		workers: 2,
		webhookProcessors: 2,
		// Below the default of 512 MiB, so that the refusal of a larger file is quick to reach; 300 MiB fits.
		env: { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: '320' },
		credentials: (standIn: QueueContext['standIn']) => areas.flatMap((area) => area.credentials?.(standIn) ?? []),
		workflows: areas.flatMap((area) => area.workflows ?? []),
		log,
	});
	await cluster.start();
	ctx.cluster = cluster;
	ctx.n8n = cluster.main as QueueContext['n8n'];
	ctx.standIn = ctx.n8n.standIn;
	for (const area of areas) area.prepare?.(ctx);
	const toActivate = areas.flatMap((area) => area.activate ?? []);
	for (const id of toActivate) await ctx.n8n.activate(id);
	log(`activated ${toActivate.length} workflow(s); logs in ${ctx.n8n.userFolder}`);
}, 20 * 60_000);

afterAll(async () => {
	const figures = JSON.stringify(ctx.figures, null, 2);
	log(`figures:\n${figures}`);
	writeFigures(figures);
	await cluster?.stop();
}, 120_000);

describe('n8n in queue mode with n8n-nodes-dropbox-suite', () => {
	test('main, two workers and two webhook processors run, all with the package', async () => {
		expect(ctx.cluster.workers).toHaveLength(2);
		expect(ctx.cluster.webhookProcessors).toHaveLength(2);
		expect(ctx.n8n.installedPackage().name).toBe('n8n-nodes-dropbox-suite');
		expect(await ctx.n8n.nodeTypes()).toContain('n8n-nodes-dropbox-suite.dropboxSuite');
	});

	for (const area of areas) area.register(ctx);
});
