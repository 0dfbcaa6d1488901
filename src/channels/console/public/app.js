// Local web chat for the helpdesk: pick a persona, talk to the bot, click its buttons.
(() => {
  const state = {
    personas: [],
    labels: {},
    persona: null,
    room: null,
    messages: new Map(),
    /** The node shown for each message id, so an update touches only what changed. */
    shown: new Map(),
    since: null,
    timer: null,
    crisisRooms: [],
    /** False until the first answer for the room: its history is shown, not read aloud. */
    loaded: false,
    /** The console is behind its password: offer to sign out. */
    signOut: false,
  };
  const $ = (id) => document.getElementById(id);
  const narrow = window.matchMedia('(max-width: 720px)');
  const touch = window.matchMedia('(pointer: coarse)');

  async function api(path, body) {
    const res = await fetch(
      path,
      body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
    );
    // The session ended (console behind its password): reloading shows the sign-in form.
    if (res.status === 401) location.reload();
    const json = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(json.error || res.statusText);
    return json;
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const child of children) if (child != null) node.append(child);
    return node;
  }

  /** The page's words in the chosen persona's language (the server sends them per persona). */
  function labels() {
    const locale = state.persona?.locale || 'en';
    return { ...(state.labels[locale] || {}), ...(state.persona?.labels || {}) };
  }

  // ---- Message text: built as DOM nodes (never innerHTML), so nothing a message says can become markup.

  const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  /** An http(s) link that opens in a new tab; the text shown is the address itself. */
  function link(raw) {
    let url = raw;
    let rest = '';
    // Sentence punctuation after an address is not part of it; a closing bracket only when unopened.
    for (;;) {
      const last = url.slice(-1);
      if (/[.,;:!?'"»]/.test(last) || (last === ')' && !url.includes('('))) {
        rest = last + rest;
        url = url.slice(0, -1);
      } else break;
    }
    let parsed = null;
    try {
      parsed = new window.URL(url);
    } catch {
      parsed = null;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return [raw];
    return [el('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer' }, url), rest || null];
  }

  function linkify(text) {
    const out = [];
    let at = 0;
    for (const match of text.matchAll(URL_RE)) {
      if (match.index > at) out.push(text.slice(at, match.index));
      out.push(...link(match[0]));
      at = match.index + match[0].length;
    }
    if (at < text.length) out.push(text.slice(at));
    return out.filter((n) => n != null && n !== '');
  }

  /** `code`, *bold* and links inside one line of bot text. */
  function inline(text) {
    const out = [];
    const re = /`([^`\n]+)`|\*([^*\n]+)\*/g;
    let at = 0;
    for (const match of text.matchAll(re)) {
      if (match.index > at) out.push(...linkify(text.slice(at, match.index)));
      out.push(match[1] != null ? el('code', {}, ...linkify(match[1])) : el('strong', {}, ...linkify(match[2])));
      at = match.index + match[0].length;
    }
    if (at < text.length) out.push(...linkify(text.slice(at)));
    return out;
  }

  // The bot writes light markdown (*bold*, `code`, > quote, # heading) and plain addresses.
  function markdown(text) {
    const span = el('span', { class: 'text' });
    const lines = String(text).split('\n');
    lines.forEach((line, i) => {
      const heading = /^#{1,6}\s+(.+)$/.exec(line);
      const block = line.startsWith('> ')
        ? el('q', {}, ...inline(line.slice(2)))
        : heading
          ? el('span', { class: 'heading' }, ...inline(heading[1]))
          : null;
      if (block) span.append(block);
      else span.append(...inline(line));
      // A quote or heading is a block already: a newline after it would add an empty line.
      if (i < lines.length - 1 && !block) span.append('\n');
    });
    return span;
  }

  // ---- Sidebar and page chrome

  function roomLabel(room) {
    if (room === 'agents') return '# agents';
    if (room.startsWith('crisis:')) return `🚨 ${room.slice(7)}`;
    return `✉️ ${labels().directMessages || 'direct messages'}`;
  }

  function renderChrome() {
    const l = labels();
    const locale = state.persona?.locale || 'en';
    document.documentElement.lang = locale;
    if (l.pageTitle) {
      $('brand').textContent = `🎫 ${l.pageTitle}`;
      document.title = state.persona ? `${$('title').textContent} · ${l.pageTitle}` : l.pageTitle;
    }
    if (l.personas) $('personas-heading').textContent = l.personas;
    if (l.rooms) $('rooms-heading').textContent = l.rooms;
    if (l.menu) $('menu-label').textContent = l.menu;
    if (l.conversation) $('log').setAttribute('aria-label', l.conversation);
    if (l.context) $('context').setAttribute('aria-label', l.context);
    if (l.message) $('text').setAttribute('aria-label', l.message);
    if (l.placeholder) $('text').placeholder = l.placeholder;
    if (l.send) $('send').textContent = l.send;
    if (state.signOut) {
      let form = $('signout');
      if (!form) {
        form = el(
          'form',
          { id: 'signout', method: 'post', action: '/console/signout' },
          el('button', { class: 'room', type: 'submit' }),
        );
        $('sidebar').append(form);
      }
      form.firstChild.textContent = `↩ ${l.signOut || 'Sign out'}`;
    }
  }

  function renderSidebar() {
    const locale = state.persona?.locale || 'en';
    $('personas').replaceChildren(
      ...state.personas.map((p) =>
        el(
          'button',
          {
            type: 'button',
            class: `persona${p === state.persona ? ' active' : ''}`,
            'data-persona': p.id,
            'aria-pressed': String(p === state.persona),
            onclick: () => choosePersona(p, 'persona'),
          },
          `${p.agent ? '🛠️' : '🙋'} ${p.name}`,
          el('small', {}, `${(p.subtitle && p.subtitle[locale]) || p.title} · ${p.locale}`),
        ),
      ),
    );
    const rooms = state.persona ? [...state.persona.rooms, ...(state.persona.agent ? state.crisisRooms : [])] : [];
    $('rooms').replaceChildren(
      ...rooms.map((r) =>
        el(
          'button',
          {
            type: 'button',
            class: `room${r === state.room ? ' active' : ''}`,
            'data-room': r,
            'aria-pressed': String(r === state.room),
            onclick: () => chooseRoom(r, 'room'),
          },
          roomLabel(r),
        ),
      ),
    );
    renderChrome();
  }

  function setNav(open) {
    document.body.classList.toggle('nav-open', open);
    $('menu').setAttribute('aria-expanded', String(open));
    if (open) $('sidebar').querySelector('.persona.active, .persona')?.focus();
  }

  function renderContext() {
    const l = labels();
    const numbers = [...new Set([...state.messages.values()].map((m) => m.ticketNumber).filter(Boolean))];
    const current = $('context').value;
    $('context').replaceChildren(
      el('option', { value: '' }, l.newRequest),
      ...numbers.map((n) => el('option', { value: n }, n)),
    );
    if (numbers.includes(current)) $('context').value = current;
  }

  // ---- Buttons already used: remembered per message, so a reload does not bring them back to life.

  const USED_KEY = 'console.usedActions';
  const used = (() => {
    try {
      return new Map(JSON.parse(localStorage.getItem(USED_KEY) || '[]'));
    } catch {
      return new Map();
    }
  })();
  function saveUsed() {
    try {
      localStorage.setItem(USED_KEY, JSON.stringify([...used].slice(-300)));
    } catch {
      // Private browsing: the choice holds until the page is reloaded.
    }
  }

  function actionsOf(m) {
    const chosen = used.get(m._id);
    return el(
      'div',
      { class: 'actions', role: 'group' },
      ...m.actions.map((a, i) =>
        el(
          'button',
          {
            type: 'button',
            class: [a.style || '', chosen === i ? 'chosen' : ''].join(' ').trim(),
            'data-action': a.id,
            disabled: chosen !== undefined,
            onclick: (e) => act(m, a, i, e),
          },
          chosen === i ? `✓ ${a.label}` : a.label,
        ),
      ),
    );
  }

  function refreshActions(m) {
    const node = state.shown.get(m._id)?.node;
    const old = node?.querySelector('.actions');
    if (old) old.replaceWith(actionsOf(m));
  }

  // ---- The conversation

  function messageNode(m) {
    const mine = m.author === `console:${state.persona.id}`;
    const node = el(
      'div',
      {
        class: `msg ${m.author === 'bot' ? 'bot' : mine ? 'me' : ''}`,
        'data-ticket': m.ticketNumber || '',
        'data-id': m._id,
      },
      el(
        'div',
        { class: 'who' },
        m.authorName,
        m.ticketNumber ? el('span', { class: 'ticket-tag' }, m.ticketNumber) : null,
      ),
      m.author === 'bot' ? markdown(m.text) : el('span', { class: 'text' }, ...linkify(m.text)),
    );
    if (m.card) {
      node.append(
        el(
          'div',
          { class: `card ${m.card.priority}` },
          el('div', { class: 'title' }, m.card.title),
          ...m.card.lines.map((l) => el('div', {}, l)),
        ),
      );
    }
    if (m.actions && m.actions.length) node.append(actionsOf(m));
    return node;
  }

  /**
   * Adds new messages and replaces changed ones in place; the rest of the log is left alone, so
   * focus stays where it is and the live region reads only what is new.
   */
  function renderLog() {
    const log = $('log');
    const nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    const items = [...state.messages.values()].sort((a, b) => a.order - b.order);
    const fresh = [];
    let previous = null;
    for (const m of items) {
      const seen = state.shown.get(m._id);
      const content = JSON.stringify(m);
      let node = seen?.node;
      // Polls overlap and send a message again: only a real change is drawn again.
      if (!seen || seen.content !== content) {
        node = messageNode(m);
        if (seen) seen.node.replaceWith(node);
        else fresh.push(m);
        state.shown.set(m._id, { content, node });
      }
      const expected = previous ? previous.nextSibling : log.firstChild;
      if (expected !== node) {
        if (previous) previous.after(node);
        else log.prepend(node);
      }
      previous = node;
    }
    if (nearBottom) log.scrollTop = log.scrollHeight;
    announce(fresh);
    renderContext();
  }

  /** Reads out messages from others that arrived after the room was opened; never the history. */
  function announce(messages) {
    if (!state.loaded) return;
    const others = messages.filter((m) => m.author !== `console:${state.persona.id}`);
    if (!others.length) return;
    const live = $('live');
    live.replaceChildren(
      ...others.map((m) =>
        el('p', {}, `${m.authorName}: ${state.shown.get(m._id).node.querySelector('.text').textContent}`),
      ),
    );
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
      state.loaded = true;
    } catch (err) {
      console.warn('poll failed', err);
    }
  }

  function chooseRoom(room, byUser) {
    state.room = room;
    state.messages = new Map();
    state.shown = new Map();
    state.since = null;
    state.loaded = false;
    $('log').replaceChildren();
    $('live').replaceChildren();
    const l = labels();
    $('title').textContent =
      `${state.persona.name} — ${room === 'agents' ? '# agents' : room.startsWith('crisis:') ? room.slice(7) : l.bot || 'Helpdesk bot'}`;
    renderSidebar();
    renderLog();
    poll();
    if (!byUser) return;
    if (narrow.matches) {
      setNav(false);
      $('menu').focus();
    } else {
      // The sidebar was drawn again: keep the keyboard on the button that was used.
      const active = [...document.querySelectorAll('#sidebar .persona.active, #sidebar .room.active')];
      (byUser === 'persona' ? active[0] : active[1])?.focus();
    }
  }

  function choosePersona(p, byUser) {
    state.persona = p;
    localStorage.setItem('persona', p.id);
    chooseRoom(p.room, byUser);
  }

  /** Back to the text box after a click or a send, except on touch screens (no keyboard popping up). */
  function focusComposer(always) {
    if (always || !touch.matches) $('text').focus();
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

  /** A message's buttons answer one question once: the group is disabled at the first click. */
  async function act(message, action, index) {
    if (used.has(message._id)) return;
    // Assign, escalate and resolve need a few words, asked for before anything is sent.
    const ask = state.persona.labels.inputs && state.persona.labels.inputs[action.id];
    let input;
    if (ask) {
      input = (window.prompt(ask) || '').trim();
      if (!input) return;
    }
    used.set(message._id, index);
    saveUsed();
    refreshActions(message);
    focusComposer(false);
    let answer;
    try {
      answer = await api('/console/api/actions', {
        persona: state.persona.id,
        id: action.id,
        value: action.value,
        input,
        room: state.room,
      });
    } catch (err) {
      // Not delivered: the buttons come back so the person can try again.
      used.delete(message._id);
      saveUsed();
      refreshActions(message);
      alert(err.message);
      return;
    }
    showUnsaved(answer);
    poll();
  }

  $('composer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    focusComposer(true);
    const ticket = $('context').value || undefined;
    const answer = await api('/console/api/messages', {
      persona: state.persona.id,
      text,
      room: state.room,
      ticket,
    }).catch((err) => {
      // Not sent: give the words back rather than losing them.
      if (!$('text').value) $('text').value = text;
      alert(err.message);
    });
    showUnsaved(answer, text);
    poll();
  });

  $('menu').addEventListener('click', () => setNav(!document.body.classList.contains('nav-open')));
  $('scrim').addEventListener('click', () => setNav(false));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('nav-open')) {
      setNav(false);
      $('menu').focus();
    }
  });
  narrow.addEventListener('change', () => setNav(false));

  api('/console/api/personas').then(({ personas, labels: byLocale, signOut }) => {
    state.personas = personas;
    state.labels = byLocale;
    state.signOut = signOut;
    const saved = new URLSearchParams(location.search).get('persona') || localStorage.getItem('persona');
    choosePersona(personas.find((p) => p.id === saved) || personas[0], false);
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
