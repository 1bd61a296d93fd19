// A running n8n seen from outside, over HTTP: its internal REST API as the owner (session cookie), its public
// API (/api/v1, with a key made at start-up), executions read back, and production webhooks.
'use strict';
const { sleep } = require('./common.cjs');
const { OWNER } = require('./owner.cjs');

class N8nApi {
	/** @param {string} url  n8n's base URL, e.g. http://127.0.0.1:5678 */
	constructor(url) {
		this.url = url;
		/** @type {string | null} */ this.apiKey = null;
		/** @type {string | null} */ this.cookie = null;
	}

	/** Names of the node types the running n8n offers (as its editor loads them). @returns {Promise<string[]>} */
	async nodeTypes() {
		const response = await fetch(`${this.url}/types/nodes.json`, { headers: { cookie: this.cookie ?? '' } });
		if (!response.ok) throw new Error(`GET /types/nodes.json: HTTP ${response.status}`);
		return (/** @type {{ name: string }[]} */ (await response.json())).map((type) => type.name);
	}

	/**
	 * Calls n8n's internal REST API as the owner (session cookie).
	 * @param {string} method @param {string} route @param {unknown} [body]
	 * @returns {Promise<{ response: Response, body: any }>}
	 */
	async rest(method, route, body) {
		const response = await fetch(`${this.url}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': 'dropbox-suite-scripts',
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return { response, body: text ? JSON.parse(text) : null };
	}

	async login() {
		const { response } = await this.rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
		const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
		this.cookie = cookies.join('; ');
	}

	async createApiKey() {
		const { body } = await this.rest('POST', '/api-keys', {
			label: `scripts-${Date.now()}`,
			scopes: [
				'workflow:read', 'workflow:list', 'workflow:activate', 'workflow:deactivate', 'workflow:update',
				'execution:read', 'execution:list', 'credential:list',
			],
			expiresAt: null,
		});
		this.apiKey = body.data.rawApiKey;
	}

	/**
	 * Calls n8n's public API (/api/v1) with the instance's API key.
	 * @param {string} method @param {string} route @param {unknown} [body]
	 * @returns {Promise<any>} the parsed answer (null when empty)
	 */
	async api(method, route, body) {
		const response = await fetch(`${this.url}/api/v1${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'X-N8N-API-KEY': /** @type {string} */ (this.apiKey) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${route}: HTTP ${response.status} ${text.slice(0, 500)}`);
		return text ? JSON.parse(text) : null;
	}

	/**
	 * The newest executions of a workflow (newest first), with their run data.
	 * @param {string} workflowId
	 * @returns {Promise<any[]>}
	 */
	async executions(workflowId, { limit = 5, includeData = true } = {}) {
		const query = new URLSearchParams({ workflowId, limit: String(limit), includeData: String(includeData) });
		const { data } = await this.api('GET', `/executions?${query}`);
		return data;
	}

	/** @param {string} workflowId @returns {Promise<number>} 0 when it has none */
	async latestExecutionId(workflowId) {
		const [latest] = await this.executions(workflowId, { limit: 1, includeData: false });
		return latest ? Number(latest.id) : 0;
	}

	/**
	 * Waits for a finished execution of the workflow newer than `afterId` and returns it with its data.
	 * @param {string} workflowId @param {number} afterId
	 */
	async waitForExecution(workflowId, afterId, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = (await this.executions(workflowId, { limit: 5 })).filter(
				(execution) => Number(execution.id) > afterId && execution.stoppedAt && !['running', 'new'].includes(execution.status),
			);
			if (found.length > 0) return found[found.length - 1];
			if (Date.now() > deadline) throw new Error(`No finished execution of workflow ${workflowId} after #${afterId} within ${timeoutMs} ms`);
			await sleep(200);
		}
	}

	/**
	 * Runs a Manual Trigger workflow inside the server, as the editor's "Execute workflow" button does, and
	 * returns the stored execution (read back through the public API).
	 * @param {string} workflowId
	 */
	async runManually(workflowId) {
		const workflow = await this.api('GET', `/workflows/${workflowId}`);
		const trigger = /** @type {{ name: string, type: string }[]} */ (workflow.nodes).find((node) => node.type === 'n8n-nodes-base.manualTrigger');
		if (!trigger) throw new Error(`Workflow ${workflowId} has no Manual Trigger`);
		const { body } = await this.rest('POST', `/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger.name } });
		const executionId = body.data?.executionId;
		if (!executionId) throw new Error(`n8n did not start workflow ${workflowId}: ${JSON.stringify(body).slice(0, 300)}`);
		return await this.waitForExecutionId(executionId);
	}

	/**
	 * Waits until execution `id` has finished and returns it with its data.
	 * @param {string | number} id
	 * @returns {Promise<any>}
	 */
	async waitForExecutionId(id, timeoutMs = 30_000) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			try {
				const execution = await this.api('GET', `/executions/${id}?includeData=true`);
				if (execution.stoppedAt && !['running', 'new'].includes(execution.status)) return execution;
			} catch (error) {
				if (!/HTTP 404/.test(error.message)) throw error; // not stored yet
			}
			if (Date.now() > deadline) throw new Error(`Execution ${id} did not finish within ${timeoutMs} ms`);
			await sleep(200);
		}
	}

	/** @param {string} workflowId */
	async activate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/activate`);
	}

	/** @param {string} workflowId */
	async deactivate(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/deactivate`);
	}

	/**
	 * Calls a production webhook of an active workflow; a webhook registered a moment ago answers 404 for a short
	 * while, so 404s are retried for up to five seconds. Resolves with status and parsed body.
	 * @param {string} webhookPath
	 * @param {{ method?: string, body?: unknown, headers?: Record<string, string> }} [request]
	 * @returns {Promise<{ status: number, headers: Headers, body: any }>}
	 */
	async callWebhook(webhookPath, { method = 'POST', body, headers = {} } = {}) {
		const deadline = Date.now() + 5000;
		for (;;) {
			const response = await fetch(`${this.url}/webhook/${webhookPath}`, {
				method,
				headers: { 'content-type': 'application/json', ...headers },
				body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			});
			const text = await response.text();
			if (response.status === 404 && Date.now() < deadline) {
				await sleep(100);
				continue;
			}
			let parsed = text;
			try {
				parsed = JSON.parse(text);
			} catch {
				// not JSON
			}
			return { status: response.status, headers: response.headers, body: parsed };
		}
	}
}

module.exports = { N8nApi };
