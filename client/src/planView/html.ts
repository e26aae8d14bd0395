/**
 * The plan view's HTML shell: the form the user fills, and empty regions the
 * bundled script (client/webview/plan.ts) renders into. Pure, so the browser test
 * loads exactly what the extension serves, under the same nonce'd policy as the advisor.
 */
import { attr, webviewHead, type AdvisorHtmlParams } from '../advisor/html';

export function planHtml(p: AdvisorHtmlParams): string {
  return `${webviewHead(p, 'ServeScope: Plan capacity')}
<body>
<header><h1>Plan capacity <span id="file"></span></h1></header>
<form id="inputs" aria-label="Traffic and SLO">
  <label>Peak req/s <input id="peakRps" name="peakRps" type="number" step="any" min="0"></label>
  <label>Average req/s <input id="avgRps" name="avgRps" type="number" step="any" min="0" placeholder="= peak"></label>
  <label>Prompt tokens <input id="inputLen" name="inputLen" type="number" step="1" min="1"></label>
  <label>Output tokens <input id="outputLen" name="outputLen" type="number" step="1" min="1"></label>
  <label>Preset <select id="preset" name="preset"><option value="">lengths above</option></select></label>
  <label class="wide">SLO <input id="slo" name="slo" type="text" spellcheck="false" placeholder="ttft:p95<800ms;tpot:p95<60ms"></label>
  <label>GPU <input id="gpu" name="gpu" type="text" spellcheck="false" placeholder="H100-SXM-80GB"></label>
  <button type="submit" id="planButton">Plan</button>
  <div id="origin" class="note"></div>
</form>
<div id="status" role="status" aria-live="polite"></div>
<section id="messages" aria-live="polite"></section>
<section id="summary"></section>
<section id="charts" aria-label="p95 latency against request rate per replica"></section>
<section id="tableWrap"></section>
<section id="applyBar"><button type="button" id="apply" disabled>Apply to this file</button><div id="applyInfo"></div><div id="applied" role="status" aria-live="polite"></div></section>
<details id="topologyBox" open><summary>Topology of the selected plan</summary><pre id="topology"></pre></details>
<details id="assumptionsBox"><summary>Assumptions</summary><ul id="assumptions"></ul></details>
<script nonce="${attr(p.nonce)}" src="${attr(p.scriptUri)}"></script>
</body>
</html>`;
}
