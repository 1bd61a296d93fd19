// Installs (once) and locates the runtime a real n8n needs here: Node 24 and n8n 2.41.1 from the npm registry,
// cached outside the checkout. The code lives in runtime.cjs (shared with the jest e2e suite); this file keeps
// the ESM entry point: `node scripts/runtime.mjs` installs the runtime and exits 1 with a message on failure.
// ensureRuntime() is async (it prints progress while npm works for minutes).
import runtime from './runtime.cjs';

export const {
	RuntimeInstallError,
	NODE_VERSION,
	N8N_VERSION,
	cacheDir,
	nodeHome,
	nodeBin,
	n8nHome,
	n8nBin,
	runtimeEnv,
	runtimeReady,
	ensureRuntime,
} = runtime;

if (import.meta.url === `file://${process.argv[1]}`) {
	try {
		await ensureRuntime();
	} catch (error) {
		console.error(error instanceof RuntimeInstallError ? error.message : (error.stack ?? error));
		process.exit(1);
	}
}
