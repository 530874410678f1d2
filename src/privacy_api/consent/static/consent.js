/* onetagger consent script, served by privacy-api as GET /v1/consent.js (README: "The consent
   script"). Readable source, no dependency, no build step; the server writes the register's
   banner facts over the placeholder below. */
(function (w, d) {
  "use strict";
  var C = /*@config*/null;
  var me = d.currentScript;
  function data(name) { return me ? me.getAttribute("data-" + name) : null; }
  var api = data("api") || (me && me.src ? new URL(me.src).origin : "");
  var prop = C.properties.hasOwnProperty(data("property")) ? data("property") : "site";
  var lang = /^pl/i.test(data("lang") || d.documentElement.lang || navigator.language || "") ? "pl" : "en";
  var gpc = navigator.globalPrivacyControl === true;
  var GP = C.gpc_purpose;
  // The purposes this property's visits are processed for, as the register lists them.
  var purposes = C.purposes.filter(function (p) {
    return p.properties.indexOf(prop) >= 0;
  });

  /* ---- first-party cookies: the visitor id and the choice, as long as a choice stands ---- */
  // The register's consent lifetime (cookie_policy.consent_lifetime_days): the cookies'
  // Max-Age, and the age at which a choice no longer stands and the banner asks again.
  var MAX_AGE = C.consent_lifetime_days * 86400;
  function expired(t) {
    var at = Date.parse(t || "");
    return !isNaN(at) && Date.now() - at > MAX_AGE * 1000;
  }
  var host = location.hostname, domain = (data("cookie-domain") || "").replace(/^\./, "");
  if (domain && host !== domain && host.slice(-domain.length - 1) !== "." + domain) domain = "";
  // Every value of the name: a host-only copy may sit beside the domain's (or be forged).
  function cookies(name) {
    return d.cookie.split("; ").filter(function (c) { return c.indexOf(name + "=") === 0; })
      .map(function (c) { try { return decodeURIComponent(c.slice(name.length + 1)); } catch (e) { return ""; } });
  }
  function setCookie(name, value) {
    if (domain) d.cookie = name + "=; Path=/; Max-Age=0";  // the host-only copy goes
    d.cookie = name + "=" + encodeURIComponent(value) + "; Path=/; Max-Age=" + MAX_AGE +
      "; SameSite=Lax" + (domain ? "; Domain=" + domain : "") +
      (location.protocol === "https:" ? "; Secure" : "");
  }
  function uuid4() {
    var b = crypto.getRandomValues(new Uint8Array(16)), h = "";
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h += (b[i] + 256).toString(16).slice(1);
    return h.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }
  var vid = cookies("ot_vid").filter(function (v) {
    return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v);
  })[0];
  if (!vid) {
    vid = uuid4();
    setCookie("ot_vid", vid);
  }
  // The choice: {v: policy version shown, b: banner version, p: purposes, t: when, s: sent}.
  var stored = cookies("ot_consent").map(function (v) {
    try { v = JSON.parse(v); } catch (e) { return null; }
    return v && typeof v.p === "object" && v.p && typeof v.v === "string" ? v : null;
  }).filter(Boolean)[0] || null;
  // A choice older than the consent lifetime no longer stands: ask again.
  if (stored && expired(stored.t)) {
    stored = null;
    d.cookie = "ot_consent=; Path=/; Max-Age=0";
    if (domain) d.cookie = "ot_consent=; Path=/; Max-Age=0; Domain=" + domain;
  }
  function save(choice) {
    stored = choice;
    setCookie("ot_consent", JSON.stringify(choice));
    setCookie("ot_vid", vid);
  }
  function stands(version) { return !C.standing || C.standing.indexOf(version) >= 0; }

  /* ---- the cookies of a purpose not consented to go (the register's inventory) ---- */
  // Every domain a tag may have set a cookie on: this host and each parent (Google
  // Analytics sets `_ga` on the registrable domain, with or without a leading dot).
  var domains = host.split(".").map(function (_, i, parts) { return parts.slice(i).join("."); })
    .filter(function (x) { return x.indexOf(".") > 0; });
  function drop(name) {
    var names = name.slice(-1) === "*"
      ? d.cookie.split("; ").map(function (c) { return c.split("=")[0]; })
        .filter(function (n) { return n && n.indexOf(name.slice(0, -1)) === 0; })
      : [name];
    names.forEach(function (n) {
      d.cookie = n + "=; Path=/; Max-Age=0";
      domains.forEach(function (x) { d.cookie = n + "=; Path=/; Max-Age=0; Domain=" + x; });
    });
  }
  function dropRefused(p) {
    purposes.forEach(function (x) {
      if (p[x.key] === true) return;
      x.cookies.forEach(function (c) { if (c.properties.indexOf(prop) >= 0) drop(c.name); });
    });
  }

  /* ---- Google Consent Mode: default denied, then the stored choice, before any tag ---- */
  function modeOf(p) {
    var m = {};
    Object.keys(C.signals).forEach(function (signal) {
      var key = C.signals[signal];
      m[signal] = key === null || (p[key] === true && !(gpc && key === GP)) ? "granted" : "denied";
    });
    return m;
  }
  w.dataLayer = w.dataLayer || [];
  function gtag() { w.dataLayer.push(arguments); }
  gtag("consent", "default", modeOf({}));
  if (stored) gtag("consent", "update", modeOf(stored.p));
  dropRefused(stored ? stored.p : {});

  /* ---- the state, in the API's shape ---- */
  function visitPurposes(given) {
    var p = {};
    purposes.forEach(function (x) { p[x.key] = given[x.key] === true && !(gpc && x.key === GP); });
    return p;
  }
  var mine = stored ? visitPurposes(stored.p) : visitPurposes({});
  var cur = {
    holder: "visitor:" + vid, purposes: mine, consent_mode: modeOf(mine), gpc: gpc,
    policy_version: stored ? stored.v : C.policy_version, current_policy_version: C.policy_version,
    reconsent_required: !!stored && !stands(stored.v), updated_at: stored ? stored.t : null
  };
  var listeners = [];
  function copy(x) { return JSON.parse(JSON.stringify(x)); }
  function emit() {
    var detail = copy(cur);
    listeners.forEach(function (fn) {
      try { fn(copy(detail)); } catch (e) { setTimeout(function () { throw e; }); }
    });
    w.dispatchEvent(new CustomEvent("onetagger:consent", { detail: detail }));
  }
  function seen(s) { return JSON.stringify([visitPurposes(s.purposes), s.consent_mode]); }
  function apply(next, decided) {
    var before = seen(cur);
    cur = next;
    dropRefused(cur.purposes);
    if (decided || seen(cur) !== before) {
      gtag("consent", "update", cur.consent_mode);
      emit();
    }
  }

  /* ---- the API: reconcile in the background, send a choice until it is kept ---- */
  var url = api + "/v1/consent/visitors/" + vid, delay = 2000, timer = 0;
  function adopt(s, sent) {
    if (s.current_policy_version !== C.policy_version && me && me.src) {
      // A newer policy than this copy knows: refresh the cached script for the next page.
      fetch(me.src, { cache: "no-cache" }).catch(function () {});
    }
    if (!s.updated_at || (expired(s.updated_at) && !sent)) {
      // The server holds no choice, yet the cookie says it was sent: forged (another
      // subdomain, a tag) or outlived an erasure. The server is the record: none stands.
      // Nor does one older than the consent lifetime: then we ask again.
      if (s.updated_at || (stored && stored.s)) forget(s);
      return;
    }
    save({ v: s.policy_version, b: stored && stored.b, p: visitPurposes(s.purposes), t: s.updated_at, s: 1 });
    apply(s);
    // Not again after the answer to our own choice: a stale copy would ask with the same
    // old banner for ever. It fetched its fresh copy above; the next page asks with that.
    if (s.reconsent_required && !sent) show(false);
  }
  // No choice stands after all: back to denied, and ask.
  function forget(s) {
    stored = null;
    d.cookie = "ot_consent=; Path=/; Max-Age=0";
    if (domain) d.cookie = "ot_consent=; Path=/; Max-Age=0; Domain=" + domain;
    apply(Object.assign({}, s, {
      purposes: visitPurposes({}), consent_mode: modeOf({}), policy_version: C.policy_version,
      reconsent_required: false, updated_at: null
    }), true);
    show(false);
  }
  function retry() {
    clearTimeout(timer);
    timer = setTimeout(sync, delay);
    delay = Math.min(delay * 2, 60000);
  }
  function sync() {
    if (stored && !stored.s) {
      fetch(url, {
        method: "PUT", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ purposes: stored.p, property: prop, policy_version: stored.v, banner_version: stored.b })
      }).then(function (r) {
        if (r.ok) return r.json().then(function (s) { adopt(s, true); });
        // Refused for good (4xx but 408/429): sending it again would not change that, and
        // a choice the server will not keep (a forged or broken cookie) does not stand here.
        if (r.status < 500 && r.status !== 408 && r.status !== 429) forget(cur);
        else retry();
      }, retry);
    } else {
      fetch(url).then(function (r) { return r.ok ? r.json().then(adopt) : retry(); }, retry);
    }
  }

  /* ---- the banner: a modal dialog, built from text nodes only ---- */
  var T = {
    en: {
      title: "Your privacy choices", settings: "Privacy settings",
      intro: " uses cookies and similar technologies only with your consent, for these purposes: ",
      after: ". Strictly necessary ones are always on. You can change your choice at any time.",
      gpc: "Your browser sends the Global Privacy Control signal, so advertising stays off.",
      policy: "Privacy policy", cookies: "Cookie policy", accept: "Accept all", reject: "Reject all",
      more: "Settings", save: "Save choices", on: "Always on"
    },
    pl: {
      title: "Twoje wybory dotyczące prywatności", settings: "Ustawienia prywatności",
      intro: " używa plików cookie i podobnych technologii wyłącznie za Twoją zgodą, w tych celach: ",
      after: ". Niezbędne są zawsze włączone. Swój wybór możesz zmienić w każdej chwili.",
      gpc: "Twoja przeglądarka wysyła sygnał Global Privacy Control, więc reklama pozostaje wyłączona.",
      policy: "Polityka prywatności", cookies: "Polityka plików cookie", accept: "Zaakceptuj wszystkie", reject: "Odrzuć wszystkie",
      more: "Ustawienia", save: "Zapisz wybór", on: "Zawsze włączone"
    }
  }[lang];
  function el(tag, cls, text, attrs) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function title(x) { return x.title[lang]; }
  // As the register describes the purpose (consent_purposes.*.description).
  function describe(p) { return p.description[lang]; }

  var dlg, heading, list, switches = {}, back = null, cssReady;
  function button(text, action, cls) {
    var b = el("button", cls || "otc-btn", text, { type: "button" });
    // Only the visitor's own click or key is a choice: not a .click() from a script.
    b.addEventListener("click", function (e) { if (e.isTrusted) action(); });
    return b;
  }
  function all(value) {
    var p = {};
    purposes.forEach(function (x) { p[x.key] = value; });
    return p;
  }
  function build() {
    dlg = el("dialog", "otc", "", { "aria-labelledby": "otc-title", "aria-describedby": "otc-intro", lang: lang });
    heading = el("h2", "otc-title", T.title, { id: "otc-title" });
    var intro = el("p", "otc-text", C.controller + T.intro + purposes.map(title).join(", ").toLowerCase() + T.after, { id: "otc-intro" });
    dlg.append(heading, intro);
    if (gpc) dlg.append(el("p", "otc-gpc", T.gpc));
    list = el("div", "otc-list");
    list.hidden = true;
    var row = el("div", "otc-row");
    row.append(el("span", "otc-name", C.necessary[lang]), el("span", "otc-on", T.on));
    list.append(row);
    purposes.forEach(function (p) {
      var id = "otc-" + p.key, row = el("div", "otc-row");
      var text = el("div", "otc-label");
      text.append(el("label", "otc-name", title(p), { for: id }), el("p", "otc-desc", describe(p), { id: id + "-d" }));
      var input = el("input", "otc-switch", "", { type: "checkbox", role: "switch", id: id, "aria-describedby": id + "-d" });
      if (gpc && p.key === GP) input.disabled = true;
      switches[p.key] = input;
      row.append(text, input);
      list.append(row);
    });
    var policy = el("a", "otc-policy", T.policy, {
      href: data("policy-url") || api + "/v1/policy?lang=" + lang, target: "_blank", rel: "noopener"
    });
    var cookiePolicy = el("a", "otc-policy", T.cookies, {
      href: api + C.cookie_policy_path + "?lang=" + lang, target: "_blank", rel: "noopener"
    });
    var links = el("p", "otc-links");
    links.append(policy, " · ", cookiePolicy);
    var actions = el("div", "otc-actions");
    var save = button(T.save, function () {
      var p = {};
      purposes.forEach(function (x) { p[x.key] = switches[x.key].checked; });
      choose(p);
    });
    var more = button(T.more, function () { layer(true); }, "otc-btn otc-more");
    actions.append(button(T.reject, function () { choose(all(false)); }), save,
      button(T.accept, function () { choose(all(true)); }), more);
    dlg.append(list, links, actions);
    dlg.save = save;
    dlg.more = more;
    dlg.actions = actions;
    dlg.intro = intro;
    // Until a choice stands, Escape does not dismiss: the dialog waits for one.
    dlg.addEventListener("cancel", function (e) { if (!stored || !stands(stored.v) || cur.reconsent_required) e.preventDefault(); });
    dlg.addEventListener("keydown", trap);
    dlg.addEventListener("close", function () { if (back && back.focus) back.focus(); });
    d.body.appendChild(dlg);
  }
  function trap(e) {
    if (e.key !== "Tab") return;
    var items = [].filter.call(dlg.querySelectorAll("a[href],button,input:not([disabled])"), function (x) {
      return x.offsetParent !== null;
    });
    var first = items[0], last = items[items.length - 1], at = d.activeElement;
    if (e.shiftKey && (at === first || at === dlg)) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && at === last) { first.focus(); e.preventDefault(); }
  }
  function layer(settings) {
    list.hidden = !settings;
    dlg.save.hidden = !settings;
    dlg.more.hidden = settings;
    dlg.intro.hidden = settings;  // the switches say it in detail
    dlg.actions.className = settings ? "otc-actions otc-three" : "otc-actions";
    heading.textContent = settings ? T.settings : T.title;
    purposes.forEach(function (x) { switches[x.key].checked = cur.updated_at ? cur.purposes[x.key] === true : false; });
  }
  function show(settings) {
    whenReady(function () {
      if (!dlg) build();
      layer(settings);
      if (dlg.open) return;
      back = d.activeElement;
      dlg.showModal();
      dlg.tabIndex = -1;
      dlg.focus();
    });
  }
  function choose(p) {
    if (gpc && GP in p) p[GP] = false;
    save({ v: C.policy_version, b: C.banner_version, p: p, t: new Date().toISOString(), s: 0 });
    var purposesNow = Object.assign({}, cur.purposes, p);
    apply(Object.assign({}, cur, {
      purposes: purposesNow, consent_mode: modeOf(purposesNow), policy_version: C.policy_version,
      reconsent_required: false, updated_at: stored.t
    }), true);
    if (dlg && dlg.open) dlg.close();
    delay = 2000;
    clearTimeout(timer);
    sync();
  }

  /* ---- the stylesheet (a <link>: a strict CSP needs no inline style) and start-up ---- */
  function whenReady(fn) {
    function go() { cssReady.then(fn); }
    if (d.body) go(); else d.addEventListener("DOMContentLoaded", go);
  }
  var css = d.querySelector('link[href$="/v1/consent.css"]');
  if (!css) {
    css = el("link", "", "", { rel: "stylesheet", href: api + "/v1/consent.css" });
    d.head.appendChild(css);
  }
  cssReady = css.sheet ? Promise.resolve() : new Promise(function (done) {
    css.addEventListener("load", done);
    css.addEventListener("error", done);
    setTimeout(done, 3000);
  });
  d.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-onetagger-consent=open]");
    if (t) { e.preventDefault(); show(true); }
  });
  w.onetaggerConsent = {
    get: function () { return copy(cur); },
    open: function () { show(true); },
    on: function (event, fn) { if (event === "change" && typeof fn === "function") listeners.push(fn); }
  };
  if (!stored || cur.reconsent_required) show(false);
  sync();
})(window, document);
