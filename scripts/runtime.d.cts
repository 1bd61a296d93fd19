// Types of runtime.cjs for `npm run typecheck:js` (tsconfig.checkjs.json), which otherwise checks every file it
// meets. Temporary: once runtime.cjs carries its own JSDoc types, delete this file and the "exclude" entry in
// tsconfig.checkjs.json, and the checker reads runtime.cjs itself.

/** A failed install: the message says what failed and what to do (no stack needed). */
export declare class RuntimeInstallError extends Error {}
export declare const NODE_VERSION: string;
export declare const N8N_VERSION: string;
export declare const cacheDir: string;
export declare const nodeHome: string;
export declare const nodeBin: string;
export declare const n8nHome: string;
export declare const n8nBin: string;
export declare function runtimeEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
export declare function withoutNpmSettings(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare function npmEnv(): NodeJS.ProcessEnv;
export declare function buildNative(dir: string, modules?: string[]): Promise<void>;
export declare function runtimeReady(): boolean;
export declare function ensureRuntime(): Promise<{ nodeBin: string; n8nBin: string; n8nHome: string; env: NodeJS.ProcessEnv }>;
