// Run the real perspective-api-client (npm) against a local thoughtful server; print what it sent.
// usage: npm install perspective-api-client@3.1.0 && node record_perspective_api_client.js PORT KEY
const axios = require('axios');
const Perspective = require('perspective-api-client');
const [port, key] = process.argv.slice(2);
const sent = [];
axios.interceptors.request.use(cfg => {
  sent.push({method: cfg.method, url: cfg.url, params: Object.keys(cfg.params || {}), body: cfg.data});
  cfg.url = cfg.url.replace('https://commentanalyzer.googleapis.com', `http://127.0.0.1:${port}`);
  return cfg;
});
(async () => {
  const p = new Perspective({apiKey: key});
  const a = await p.analyze('You are a <b>pathetic</b> idiot');
  const b = await p.analyze('You are a pathetic idiot', {attributes: ['toxicity', 'severe_toxicity'], doNotStore: false});
  const c = await p.analyze({comment: {text: 'Thank you for this essay'}, languages: ['en'], requestedAttributes: {TOXICITY: {scoreThreshold: 0.5}}});
  let bad;
  try { await new Perspective({apiKey: 'tk_wrong'}).analyze('hello there'); bad = 'accepted'; }
  catch (e) { bad = `${e.name}: ${e.message} (${e.response && e.response.status})`; }
  console.log(JSON.stringify({sent, read: [a, b, c], bad_key: bad}));
})().catch(e => { console.error(e.message, e.response && e.response.data); process.exit(1); });
