// Local web chat for the helpdesk: pick a persona, talk to the bot, click its buttons.
(() => {
  const state = { personas: [], labels: {}, persona: null, room: null, messages: new Map(), since: null, timer: null, crisisRooms: [] };
  const $ = (id) => document.getElementById(id);

  async function api(path, body) {
    const res = await fetch(path, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.error || res.statusText);
    return json;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  // The bot writes light markdown (*bold*, `code`, > quote): escape first, then format.
  function markdown(text) {
    const span = document.createElement('span');
    const escaped = text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
    span.innerHTML = escaped
      .split('\n')
      .map((line) => (line.startsWith('&gt; ') ? `<q>${line.slice(5)}</q>` : line))
      .join('\n')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>');
    return span;
  }

  function renderSidebar() {
    $('personas').replaceChildren(
      ...state.personas.map((p) =>
        el('button', { class: `persona${p === state.persona ? ' active' : ''}`, 'data-persona': p.id, onclick: () => choosePersona(p) }, `${p.agent ? '🛠️' : '🙋'} ${p.name}`, el('small', {}, `${p.title} · ${p.locale}`)),
      ),
    );
    const rooms = state.persona ? [...state.persona.rooms, ...(state.persona.agent ? state.crisisRooms : [])] : [];
    const label = (r) => (r === 'agents' ? '# agents' : r.startsWith('crisis:') ? `🚨 ${r.slice(7)}` : '✉️ direct messages');
    $('rooms').replaceChildren(
      ...rooms.map((r) => el('button', { class: `room${r === state.room ? ' active' : ''}`, 'data-room': r, onclick: () => chooseRoom(r) }, label(r))),
    );
    const labels = state.labels[state.persona?.locale || 'en'];
    $('text').placeholder = labels.placeholder;
    $('send').textContent = labels.send;
    document.documentElement.lang = state.persona?.locale || 'en';
  }

  function renderContext() {
    const labels = state.labels[state.persona?.locale || 'en'];
    const numbers = [...new Set([...state.messages.values()].map((m) => m.ticketNumber).filter(Boolean))];
    const current = $('context').value;
    $('context').replaceChildren(el('option', { value: '' }, labels.newRequest), ...numbers.map((n) => el('option', { value: n }, n)));
    if (numbers.includes(current)) $('context').value = current;
  }

  function renderLog() {
    const log = $('log');
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    const items = [...state.messages.values()].sort((a, b) => a.order - b.order);
    log.replaceChildren(
      ...items.map((m) => {
        const mine = m.author === `console:${state.persona.id}`;
        const node = el('div', { class: `msg ${m.author === 'bot' ? 'bot' : mine ? 'me' : ''}`, 'data-ticket': m.ticketNumber || '' },
          el('div', { class: 'who' }, m.authorName, m.ticketNumber ? el('span', { class: 'ticket-tag' }, m.ticketNumber) : null),
          m.author === 'bot' ? markdown(m.text) : m.text);
        if (m.card) {
          node.append(el('div', { class: `card ${m.card.priority}` }, el('div', { class: 'title' }, m.card.title), ...m.card.lines.map((l) => el('div', {}, l))));
        }
        if (m.actions && m.actions.length) {
          node.append(el('div', { class: 'actions' }, ...m.actions.map((a) => el('button', { class: a.style || '', 'data-action': a.id, onclick: () => act(a) }, a.label))));
        }
        return node;
      }),
    );
    if (nearBottom) log.scrollTop = log.scrollHeight;
    renderContext();
  }

  async function poll() {
    if (!state.room) return;
    const room = state.room;
    const q = state.since ? `?since=${encodeURIComponent(state.since)}` : '';
    try {
      const { messages } = await api(`/console/api/rooms/${encodeURIComponent(room)}/messages${q}`);
      if (room !== state.room) return;
      for (const m of messages) {
        state.messages.set(m._id, m);
        if (!state.since || m.stamp > state.since) state.since = m.stamp;
      }
      if (messages.length) renderLog();
    } catch (err) {
      console.warn('poll failed', err);
    }
  }

  function chooseRoom(room) {
    state.room = room;
    state.messages = new Map();
    state.since = null;
    $('title').textContent = `${state.persona.name} — ${room === 'agents' ? '# agents' : room.startsWith('crisis:') ? room.slice(7) : 'Helpdesk bot'}`;
    renderSidebar();
    renderLog();
    poll();
  }

  function choosePersona(p) {
    state.persona = p;
    localStorage.setItem('persona', p.id);
    chooseRoom(p.room);
  }

  /**
   * When the server could not write the room (its database is down), the exchange is shown from
   * the answer itself, so the person sees that their message was kept and will be retried.
   */
  function showUnsaved(answer, text) {
    if (!answer || answer.saved !== false) return;
    const local = (m) => {
      const id = `local-${(state.localCount = (state.localCount || 0) + 1)}`;
      state.messages.set(id, { _id: id, order: Date.now() + state.localCount / 1000, ...m });
    };
    if (text) local({ author: `console:${state.persona.id}`, authorName: state.persona.name, text });
    for (const r of answer.replies || []) local({ author: 'bot', authorName: 'Helpdesk', ...r });
    renderLog();
  }

  async function act(action) {
    const answer = await api('/console/api/actions', { persona: state.persona.id, id: action.id, value: action.value, room: state.room }).catch((err) => alert(err.message));
    showUnsaved(answer);
    poll();
  }

  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    const ticket = $('context').value || undefined;
    const answer = await api('/console/api/messages', { persona: state.persona.id, text, room: state.room, ticket }).catch((err) => alert(err.message));
    showUnsaved(answer, text);
    poll();
  });

  api('/console/api/personas').then(({ personas, labels }) => {
    state.personas = personas;
    state.labels = labels;
    const saved = new URLSearchParams(location.search).get('persona') || localStorage.getItem('persona');
    choosePersona(personas.find((p) => p.id === saved) || personas[0]);
    state.timer = setInterval(poll, 1000);
    const refreshRooms = () =>
      api('/console/api/rooms')
        .then(({ crisis }) => {
          if (crisis.join() !== state.crisisRooms.join()) {
            state.crisisRooms = crisis;
            renderSidebar();
          }
        })
        .catch(() => undefined);
    refreshRooms();
    setInterval(refreshRooms, 5000);
  });
})();
