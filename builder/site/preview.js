// kb serve only: added by the preview server to each page it sends, never published.
// Long-polls the server's status; reloads the page after a new build, and shows the
// content errors of the last attempt in a banner (the last good site stays on screen).
(function () {
  "use strict";
  var builds = null;

  function banner(errors) {
    var box = document.getElementById("kb-apercu-erreurs");
    if (!errors.length) {
      if (box) { box.remove(); }
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.id = "kb-apercu-erreurs";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:40vh;overflow:auto;" +
        "background:#fff3f3;color:#5c0000;border-top:3px solid #c00;padding:.8em 1.2em;font:14px/1.4 monospace";
      document.body.appendChild(box);
    }
    box.textContent = "";
    var title = document.createElement("strong");
    title.textContent = "Aperçu non mis à jour : corrigez ces problèmes (la page affichée est la dernière version valide)";
    box.appendChild(title);
    var list = document.createElement("ul");
    errors.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function poll(version) {
    fetch("/__kb/etat" + (version === null ? "" : "?depuis=" + version), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (builds === null) { builds = status.builds; }
        if (status.builds !== builds) { window.location.reload(); return; }
        banner(status.errors);
        poll(status.version);
      })
      .catch(function () { setTimeout(function () { poll(null); }, 1000); });
  }

  poll(null);
})();
