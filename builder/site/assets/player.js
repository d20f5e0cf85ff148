/* Lecteur d'arbres de résolution du site CSU.
 *
 * Reads the tree JSON the generator embeds in a tree page (#kb-player-data) and
 * walks it one node at a time, like `kb run`: questions wait for an answer, actions
 * for a confirmation, gotos are crossed into the other tree. The path lives in the
 * URL (#/start/Oui/fait/Non) so that it can be shared and the browser's back
 * button works. The diagnostic text follows the README's format, the same as
 * builder/resolution/diagnostic.py; a browser test compares the two.
 */
(function () {
  "use strict";

  var DONE = "fait"; // URL segment of a confirmed action

  /* Help texts arrive as HTML the build already cleaned with its allow-list
   * (builder/content/html_policy.py). They are still never given to innerHTML: an
   * inert DOMParser document is read and rebuilt element by element with the same
   * allow-list, so that nothing in them can run even if the build were bypassed. */
  var TAGS = ("a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure " +
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup table " +
    "tbody td tfoot th thead tr u ul var").split(" ");
  var DROPPED = ["script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "math",
    "textarea", "title", "select"];
  var ATTRIBUTES = ["class", "title", "lang", "dir", "href", "src", "alt", "width", "height", "loading", "open", "start",
    "colspan", "rowspan", "align", "scope"];

  function safeUrl(value) {
    var scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value.replace(/[\u0000-\u0020]/g, ""));
    return !scheme || /^(https?|mailto|tel)$/i.test(scheme[1]);
  }

  function rebuild(source, target) {
    Array.prototype.forEach.call(source.childNodes, function (child) {
      if (child.nodeType === 3) {
        target.appendChild(document.createTextNode(child.nodeValue));
        return;
      }
      if (child.nodeType !== 1) return;
      var tag = child.tagName.toLowerCase();
      if (TAGS.indexOf(tag) < 0) {
        if (DROPPED.indexOf(tag) < 0) rebuild(child, target);
        return;
      }
      var copy = document.createElement(tag);
      Array.prototype.forEach.call(child.attributes, function (attribute) {
        var name = attribute.name.toLowerCase();
        if (ATTRIBUTES.indexOf(name) < 0) return;
        if ((name === "href" || name === "src") && !safeUrl(attribute.value)) return;
        copy.setAttribute(name, attribute.value);
      });
      rebuild(child, copy);
      target.appendChild(copy);
    });
  }

  function htmlFragment(html) {
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + html, "text/html");
    var fragment = document.createDocumentFragment();
    rebuild(doc.body, fragment);
    return fragment;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (attrs[key] === null || attrs[key] === undefined) return;
      if (key === "text") node.textContent = attrs[key];
      else if (key === "html") node.appendChild(htmlFragment(attrs[key]));
      else if (key === "className") node.className = attrs[key];
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), attrs[key]);
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function Walk(data) {
    this.data = data;
    this.reset();
  }

  Walk.prototype.entry = function (treeId) {
    var tree = this.data.trees[treeId];
    return { tree: tree, name: tree.start, node: tree.nodes[tree.start] };
  };

  Walk.prototype.reset = function () {
    this.history = [];
    this.current = this.entry(this.data.root);
    this.crossGotos();
  };

  Walk.prototype.crossGotos = function () {
    for (var i = 0; i < 50 && this.current.node.kind === "goto"; i++) {
      this.history.push({ step: this.current, answer: null });
      this.current = this.entry(this.current.node.goto);
    }
  };

  Walk.prototype.move = function (name) {
    var tree = this.current.tree;
    this.current = { tree: tree, name: name, node: tree.nodes[name] };
    this.crossGotos();
  };

  Walk.prototype.finished = function () {
    return this.current.node.kind === "resolved" || this.current.node.kind === "escalate";
  };

  Walk.prototype.choose = function (label) {
    var answers = this.current.node.answers || [];
    for (var i = 0; i < answers.length; i++) {
      if (answers[i].label === label) {
        this.history.push({ step: this.current, answer: label });
        this.move(answers[i].next);
        return true;
      }
    }
    return false;
  };

  Walk.prototype.done = function () {
    if (this.current.node.kind !== "do") return false;
    this.history.push({ step: this.current, answer: null });
    this.move(this.current.node.next);
    return true;
  };

  Walk.prototype.back = function () {
    while (this.history.length) {
      var event = this.history.pop();
      if (event.step.node.kind !== "goto") {
        this.current = event.step;
        return true;
      }
    }
    this.reset();
    return false;
  };

  /* The URL segments: answers to questions, DONE for confirmed actions. */
  Walk.prototype.segments = function () {
    var out = [];
    this.history.forEach(function (event) {
      if (event.step.node.kind === "ask") out.push(event.answer);
      else if (event.step.node.kind === "do") out.push(DONE);
    });
    return out;
  };

  Walk.prototype.replay = function (segments) {
    this.reset();
    for (var i = 0; i < segments.length; i++) {
      var kind = this.current.node.kind;
      if (kind === "ask" && this.choose(segments[i])) continue;
      if (kind === "do" && segments[i] === DONE && this.done()) continue;
      break;
    }
  };

  function treeLine(tree) {
    return tree.id + " — " + tree.title + " (version du " + tree.version + ")";
  }

  function priority(data, node, vip) {
    if (vip) return { level: data.vip, text: data.vip + " (appelant VIP)" };
    var level = node.impact && node.urgency ? (data.matrix[node.urgency] || {})[node.impact] : null;
    if (!level) return { level: null, text: "non déterminée (impact ou urgence manquant)" };
    return {
      level: level,
      text: level + " (impact " + data.labels.impact[node.impact] + ", urgence " + data.labels.urgency[node.urgency] + ")"
    };
  }

  /* The ticket's text: README « Le diagnostic », same as builder/resolution/diagnostic.py. */
  function diagnostic(walk, vip) {
    var data = walk.data;
    var lines = ["Arbre : " + treeLine(data.trees[data.root]), "Parcours :"];
    var number = 0;
    walk.history.forEach(function (event) {
      var node = event.step.node;
      if (node.kind === "goto") {
        var target = data.trees[node.goto];
        if (target) lines.push("Suite dans l'arbre : " + treeLine(target));
        return;
      }
      number += 1;
      if (node.kind === "ask") lines.push(number + ". " + node.text + " → " + event.answer);
      else lines.push(number + ". Fait : " + node.text);
    });
    if (number === 0) lines.push("(aucune étape)");
    var end = walk.current.node;
    if (end.kind === "resolved") {
      lines.push("Résultat : résolu — " + end.text);
    } else if (end.kind === "escalate") {
      var group = end.group || "?";
      lines.push("Résultat : escalade vers " + group + " — " + (data.groups[group] || "groupe inconnu"));
      lines.push("Priorité : " + priority(data, end, vip).text);
      if (end.ticket) lines.push("À joindre au ticket : " + end.ticket);
    } else {
      lines.push("Résultat : parcours interrompu");
    }
    if ((end.kind === "resolved" || end.kind === "escalate") && end.category) lines.push("Catégorie : " + end.category);
    return lines.join("\n");
  }

  function badge(freshness) {
    return el("span", { className: "kb-badge kb-badge--" + freshness.state, title: freshness.title }, [
      el("span", { className: "kb-visually-hidden", text: "Fraîcheur : " }), freshness.label
    ]);
  }

  function copyText(textarea, status, message) {
    function copied() { status.textContent = message || "Diagnostic copié dans le presse-papiers."; }
    function fallback() {
      textarea.focus();
      textarea.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      status.textContent = ok ? message || "Diagnostic copié dans le presse-papiers."
        : "Copie impossible : le texte est sélectionné, copiez-le avec Ctrl+C.";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(textarea.value).then(copied, fallback);
    } else {
      fallback();
    }
  }

  function Player(container, data) {
    this.container = container;
    this.data = data;
    this.walk = new Walk(data);
    this.vip = false;
    this.user = data.mode === "user"; // the users' portal: plain words, no timer, no priority, no VIP box
    this.started = Date.now();
    this.limits = container.getAttribute("data-kb-limits") || "";
  }

  Player.prototype.hash = function () {
    var root = this.data.trees[this.data.root];
    return "#/" + [root.start].concat(this.walk.segments()).map(encodeURIComponent).join("/");
  };

  Player.prototype.fromHash = function () {
    var hash = window.location.hash;
    if (hash.slice(0, 2) !== "#/") return false;
    var parts = hash.slice(2).split("/").filter(function (p) { return p !== ""; }).map(function (p) {
      try { return decodeURIComponent(p); } catch (e) { return p; }
    });
    var root = this.data.trees[this.data.root];
    if (parts[0] === root.start) parts = parts.slice(1);
    this.walk.replay(parts);
    return true;
  };

  /* Record the new state in the URL (a new history entry, so that « Précédent » works). */
  Player.prototype.commit = function () {
    var hash = this.hash();
    if (window.location.hash !== hash) window.location.hash = hash;
    this.render(true);
  };

  /* Usage events (kb usage, format in docs/usage.md); none when the site is built with usage: false. */
  Player.prototype.track = function (kind, from, answer, outcome) {
    if (!window.kbUsage) return;
    if (!this.usage) this.usage = kbUsage.walk(this.data.root, false);
    var here = this.walk.current;
    var event = { e: kind, w: this.usage.id, i: this.usage.next(), r: this.data.root, t: here.tree.id, n: here.name,
                  pt: from && from.tree.id, pn: from && from.name, a: answer };
    if (kind === "end") Object.assign(event, { o: outcome || (here.node.kind === "resolved" ? "resolved" : "escalated"),
                                               d: Math.round((Date.now() - this.started) / 1000), p: this.vip ? 1 : 0 });
    kbUsage.send(event);
    var waits = this.user && here.node.kind === "resolved"; // the user's answer says how it ended
    if (kind === "step" && this.walk.finished() && !waits) this.track("end");
  };

  Player.prototype.start = function () {
    var self = this;
    this.fromHash();
    if (window.kbUsage && (this.usage = kbUsage.walk(this.data.root)).created) this.track("open");
    /* The URL now, not the event's: when « Précédent » follows a click at once, the click's own
       hashchange arrives after the URL has moved on. Nothing to do when the walk is already there
       (our own commit); a remembered « ignore this one » would swallow a later « Suivant ». */
    window.addEventListener("hashchange", function () {
      if (window.location.hash === self.hash()) return;
      if (self.fromHash()) { self.render(true); self.track("back"); }
    });
    this.container.hidden = false;
    this.render(false);
    this.tick();
    window.setInterval(function () { self.tick(); }, 1000);
  };

  Player.prototype.tick = function () {
    if (!this.timer) return;
    var seconds = Math.floor((Date.now() - this.started) / 1000);
    var minutes = Math.floor(seconds / 60);
    var text = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds % 60 < 10 ? "0" : "") + (seconds % 60);
    this.timer.textContent = text;
    var limit = this.data.limits.escalate;
    if (limit && minutes >= limit) this.timerBox.classList.add("kb-player__timer--late");
  };

  Player.prototype.render = function (focus) {
    var self = this;
    var walk = this.walk;
    var current = walk.current;
    var node = current.node;
    var root = this.data.trees[this.data.root];
    this.container.textContent = "";

    this.timer = el("span", { role: "timer", "aria-live": "off", text: "00:00" });
    this.timerBox = el("p", { className: "kb-player__timer" }, [
      "Temps écoulé : ", this.timer, this.limits ? " — " + this.limits : ""
    ]);
    if (this.user) this.timer = null;
    var toolbar = el("div", { className: "kb-player__toolbar" }, [
      this.user ? null : this.timerBox,
      el("button", {
        type: "button", className: "md-button", text: "Retour",
        disabled: walk.history.length ? null : "disabled",
        onclick: function () { walk.back(); self.commit(); self.track("back"); }
      }),
      el("button", {
        type: "button", className: "md-button", text: "Recommencer",
        onclick: function () {
          self.track("restart");
          walk.reset(); self.started = Date.now(); self.usage = window.kbUsage && kbUsage.walk(self.data.root, true);
          self.track("open"); self.commit();
        }
      })
    ]);

    var crumbs = el("ol", {});
    walk.history.forEach(function (event, index) {
      var n = event.step.node;
      if (n.kind === "goto") {
        crumbs.appendChild(el("li", { className: "kb-player__crumb-goto" }, [
          "Suite dans « " + self.data.trees[n.goto].title + " »"
        ]));
        return;
      }
      var label = n.kind === "ask" ? n.text + " → " + event.answer : "Fait : " + n.text;
      var segments = walk.segments().slice(0, walk.history.slice(0, index).filter(function (e) {
        return e.step.node.kind !== "goto";
      }).length);
      var href = "#/" + [root.start].concat(segments).map(encodeURIComponent).join("/");
      crumbs.appendChild(el("li", {}, [el("a", { href: href, title: "Revenir à cette étape", text: label })]));
    });
    var breadcrumb = walk.history.length
      ? el("nav", { className: "kb-player__path", "aria-label": "Parcours suivi" }, [crumbs]) : null;

    var where = null;
    if (current.tree.id !== root.id) {
      where = el("p", { className: "kb-player__where" }, [
        this.user ? "Dans le guide " : "Dans l'arbre ", el("a", { href: current.tree.url, text: current.tree.title }),
        current.tree.freshness ? " " : null, current.tree.freshness ? badge(current.tree.freshness) : null
      ]);
    }

    var headingText = node.kind === "ask" ? node.text
      : node.kind === "do" ? "Action : " + node.text
      : node.kind === "resolved" ? (this.user ? "Solution" : "Résolu")
      : this.user ? "Contactez le support" : "Escalade";
    var heading = el("h2", { className: "kb-player__step", id: "kb-player-step", tabindex: "-1", text: headingText });
    var body = [];
    if (node.help) body.push(el("div", { className: "kb-player__help", html: node.help }));
    if (node.see && node.see.length) {
      var list = el("ul", {});
      node.see.forEach(function (article) {
        list.appendChild(el("li", {}, [
          el("a", { href: article.url, text: article.title }), " ",
          el("a", { href: article.url, target: "_blank", rel: "noopener", className: "kb-player__newtab",
                    text: "(nouvel onglet)", title: "Ouvrir « " + article.title + " » dans un nouvel onglet" }),
          article.freshness ? " " : null, article.freshness ? badge(article.freshness) : null
        ]));
      });
      body.push(el("div", { className: "kb-player__see" }, [el("p", { text: "À consulter :" }), list]));
    }

    var actions = null;
    if (node.kind === "ask") {
      actions = el("div", { className: "kb-player__answers", role: "group", "aria-labelledby": "kb-player-step" });
      node.answers.forEach(function (answer) {
        actions.appendChild(el("button", {
          type: "button", className: "md-button md-button--primary", text: answer.label,
          onclick: function () { var from = walk.current; walk.choose(answer.label); self.commit(); self.track("step", from, answer.label); }
        }));
      });
    } else if (node.kind === "do") {
      actions = el("div", { className: "kb-player__answers" }, [el("button", {
        type: "button", className: "md-button md-button--primary", text: "C'est fait",
        onclick: function () { var from = walk.current; walk.done(); self.commit(); self.track("step", from); }
      })]);
    } else {
      actions = this.user ? this.userOutcome(node) : this.outcome(node);
    }

    [toolbar, breadcrumb, where, heading].concat(body).concat([actions]).forEach(function (part) {
      if (part) self.container.appendChild(part);
    });
    this.tick();
    if (focus) heading.focus();
  };

  Player.prototype.outcome = function (node) {
    var self = this;
    var box = el("div", { className: "kb-player__outcome" });
    if (node.kind === "resolved") {
      box.appendChild(el("p", { className: "kb-player__result", text: node.text }));
    } else {
      var group = node.group || "?";
      box.appendChild(el("p", { className: "kb-player__result" }, [
        "Escalader vers ", el("strong", { text: group }), " — " + (this.data.groups[group] || "groupe inconnu")
      ]));
      var level = el("strong", { className: "kb-player__priority", text: priority(this.data, node, this.vip).text });
      box.appendChild(el("p", {}, ["Priorité : ", level]));
      var vip = el("input", { type: "checkbox", id: "kb-player-vip" });
      vip.checked = this.vip;
      vip.addEventListener("change", function () {
        self.vip = vip.checked;
        level.textContent = priority(self.data, node, self.vip).text;
        area.value = diagnostic(self.walk, self.vip);
        self.track("end");
      });
      box.appendChild(el("p", { className: "kb-player__vip" }, [
        vip, " ", el("label", { "for": "kb-player-vip", text: "Appelant VIP (priorité P0)" })
      ]));
      if (node.ticket) box.appendChild(el("p", {}, [el("strong", { text: "À joindre au ticket : " }), node.ticket]));
    }
    var area = el("textarea", {
      id: "kb-player-diagnostic", className: "kb-player__diagnostic", readonly: "readonly", rows: "10"
    });
    area.value = diagnostic(this.walk, this.vip);
    var status = el("p", { className: "kb-player__status", role: "status", "aria-live": "polite" });
    box.appendChild(el("label", { "for": "kb-player-diagnostic", text: "Diagnostic à coller dans le ticket" }));
    box.appendChild(area);
    box.appendChild(el("button", {
      type: "button", className: "md-button md-button--primary", text: "Copier le diagnostic",
      onclick: function () { copyText(area, status); self.track("copy"); }
    }));
    box.appendChild(status);
    return box;
  };

  /* The description a member of staff pastes into a request: what the guide tried, in their words. */
  function description(walk, solved) {
    var data = walk.data;
    var lines = ["Problème : " + data.trees[data.root].title, "Ce que j'ai déjà essayé avec le guide en ligne :"];
    var number = 0;
    walk.history.forEach(function (event) {
      var node = event.step.node;
      if (node.kind === "goto") return;
      number += 1;
      if (node.kind === "ask") lines.push(number + ". " + node.text + " → " + event.answer);
      else lines.push(number + ". " + node.text + " → fait");
    });
    if (number === 0) lines.push("(rien encore)");
    var end = walk.current.node;
    if (end.kind === "resolved" && solved === false) lines.push("Solution proposée, sans effet : " + end.text);
    else lines.push("Le guide n'a pas trouvé de solution.");
    return lines.join("\n");
  }

  Player.prototype.contactBox = function (solved) {
    var self = this;
    var box = el("div", { className: "kb-player__contact" });
    if (this.data.contact) box.appendChild(el("div", { className: "kb-contact", html: this.data.contact }));
    var area = el("textarea", {
      id: "kb-player-diagnostic", className: "kb-player__diagnostic", readonly: "readonly", rows: "8"
    });
    area.value = description(this.walk, solved);
    var status = el("p", { className: "kb-player__status", role: "status", "aria-live": "polite" });
    box.appendChild(el("label", { "for": "kb-player-diagnostic", text: "Description à coller dans votre demande" }));
    box.appendChild(area);
    box.appendChild(el("button", {
      type: "button", className: "md-button md-button--primary", text: "Copier la description",
      onclick: function () { copyText(area, status, "Description copiée dans le presse-papiers."); self.track("copy"); }
    }));
    box.appendChild(status);
    return box;
  };

  /* The end of a walk on the portal: a solution asks whether it worked; no solution, or a « non »,
   * shows how to reach the support and the description to paste. */
  Player.prototype.userOutcome = function (node) {
    var self = this;
    var box = el("div", { className: "kb-player__outcome" });
    if (node.kind !== "resolved") {
      box.appendChild(el("p", { className: "kb-player__result",
                                text: "Ce guide ne peut pas résoudre ce problème : le support va vous aider." }));
      box.appendChild(this.contactBox(null));
      return box;
    }
    box.appendChild(el("p", { className: "kb-player__result", text: node.text }));
    var question = el("p", { className: "kb-player__question", id: "kb-player-question", text: "Votre problème est-il résolu ?" });
    var answer = el("div", { className: "kb-player__answers", role: "group", "aria-labelledby": "kb-player-question" });
    var after = el("div", { className: "kb-player__after", tabindex: "-1" });
    function answered(solved) {
      self.track("end", null, null, solved ? "resolved" : "escalated");
      answer.querySelectorAll("button").forEach(function (button) { button.disabled = true; });
      after.textContent = "";
      if (solved) after.appendChild(el("p", { className: "kb-player__thanks", text: "Tant mieux ! Merci d'avoir répondu." }));
      else after.appendChild(self.contactBox(false));
      after.focus();
    }
    answer.appendChild(el("button", { type: "button", className: "md-button md-button--primary", text: "Oui",
                                      onclick: function () { answered(true); } }));
    answer.appendChild(el("button", { type: "button", className: "md-button", text: "Non",
                                      onclick: function () { answered(false); } }));
    box.appendChild(question);
    box.appendChild(answer);
    box.appendChild(after);
    return box;
  };

  function init() {
    var container = document.querySelector("[data-kb-player]");
    var source = document.getElementById("kb-player-data");
    if (!container || !source) return;
    var player = new Player(container, JSON.parse(source.textContent));
    player.start();
    window.kbPlayer = player;
  }

  window.kbDiagnostic = diagnostic;
  window.kbHtmlFragment = htmlFragment; // for the browser tests of the allow-list
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
