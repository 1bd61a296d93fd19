// @ts-check
// A heap of long-lived small objects, loaded into a benchmark process with
// NODE_OPTIONS="--require ./bench/ballast.js" and BALLAST_MIB=<about how many MiB>: a stand-in for the heap of an n8n
// server (hundreds of MiB), so that a full garbage collection costs there what it costs in n8n. Used by
// bench/ab-transfer.js (--ballast-mib).
'use strict';

const mib = Number(process.env.BALLAST_MIB || 0);
if (mib > 0) {
	const keep = [];
	// About 100 bytes of heap per entry.
	for (let i = 0; i < mib * 10000; i++) keep.push({ a: i, b: `x${i % 1000}`, c: [i] });
	/** @type {any} */ (globalThis).__benchBallast = keep;
}
