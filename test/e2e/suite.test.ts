// The end-to-end suite: one real n8n (Node 24, n8n 2.41.1 from the project's cache) with this package installed
// the way n8n installs community packages, the Dropbox stand-in in this process behind a loopback proxy, the
// credentials and workflows of every area plus examples/ imported with the n8n CLI. Areas register their tests;
// everything is stopped afterwards, also when start-up or a test fails.
import { createN8n, e2eUserFolder, freePort, progress, readExamples } from '../../scripts/n8n.cjs';
import { accountArea } from './areas/account';
import { examplesArea } from './areas/examples';
import { fileRequestsArea } from './areas/fileRequests';
import { filesArea } from './areas/files';
import { longPollTriggerArea } from './areas/longPollTrigger';
import { paperArea } from './areas/paper';
import { proxyArea } from './areas/proxy';
import { sharedFilesArea } from './areas/sharedFiles';
import { sharedFoldersArea } from './areas/sharedFolders';
import { sharedLinksArea } from './areas/sharedLinks';
import { teamArea } from './areas/team';
import { teamContextArea } from './areas/teamContext';
import { triggerArea } from './areas/trigger';
import { triggerCrashArea } from './areas/triggerCrash';
import { twoWaySyncArea } from './areas/twoWaySync';
import { uploadManyArea } from './areas/uploadMany';
import { version1Area } from './areas/version1';
import type { E2eArea, E2eContext } from './context';

/**
 * Every area of the package; a later resource or trigger adds its own file under areas/ and its entry here.
 * triggerCrashArea kills n8n: it comes last.
 */
const areas: E2eArea[] = [
	proxyArea,
	accountArea,
	filesArea,
	paperArea,
	fileRequestsArea,
	sharedLinksArea,
	sharedFoldersArea,
	sharedFilesArea,
	uploadManyArea,
	version1Area,
	teamArea,
	teamContextArea,
	examplesArea,
	triggerArea,
	longPollTriggerArea,
	twoWaySyncArea,
	triggerCrashArea,
];

const ctx = {} as E2eContext;
let instance: ReturnType<typeof createN8n> | undefined;

beforeAll(async () => {
	const log = progress('e2e');
	instance = createN8n({
		userFolder: e2eUserFolder(),
		port: await freePort(),
		fresh: true,
		dropbox: 'stand-in',
		credentials: (standIn: E2eContext['standIn']) => areas.flatMap((area) => area.credentials?.(standIn) ?? []),
		workflows: [...readExamples().map(({ workflow }) => workflow), ...areas.flatMap((area) => area.workflows ?? [])],
		log,
	});
	await instance.start();
	ctx.n8n = instance;
	ctx.standIn = instance.standIn;
	const toActivate = areas.flatMap((area) => area.activate ?? []);
	for (const id of toActivate) await instance.activate(id);
	log(`activated ${toActivate.length} workflow(s); n8n's log: ${instance.logFile}`);
}, 20 * 60_000);

// The user folder (with n8n.log) stays for a look after a failure; the next run removes it.
afterAll(async () => {
	await instance?.stop();
}, 60_000);

describe('n8n with n8n-nodes-dropbox-suite', () => {
	test('loads the package from .n8n/nodes/node_modules', async () => {
		expect(ctx.n8n.installedPackage().name).toBe('n8n-nodes-dropbox-suite');
		expect(await ctx.n8n.nodeTypes()).toContain('n8n-nodes-dropbox-suite.dropboxSuite');
	});

	for (const area of areas) area.register(ctx);
});
