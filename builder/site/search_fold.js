
/* csu-kb: fold accents in the French search, so that « telephone » finds « téléphone ».
 * Appended by `kb build` to the theme's lunr.fr.min.js (theme override in .kb/theme):
 * both the indexed words and the query words lose their accents before the French
 * trimmer, stop-word filter and stemmer see them. */
;(function (lunr) {
  if (!lunr || !lunr.fr || lunr.fr.kbFolded) return;
  var french = lunr.fr;
  var foldText = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
  };
  var fold = function (token) { return token.update(foldText); };
  /* Query terms too, including the wildcard ones that skip the pipeline. */
  var clause = lunr.Query.prototype.clause;
  lunr.Query.prototype.clause = function (c) {
    if (c && typeof c.term === "string") c.term = foldText(c.term);
    return clause.call(this, c);
  };
  lunr.Pipeline.registerFunction(fold, "kb-fold-accents");
  var folded = function () {
    french.apply(this, arguments);
    this.pipeline.before(french.trimmer, fold);
    if (this.searchPipeline) this.searchPipeline.before(french.stemmer, fold);
  };
  Object.keys(french).forEach(function (key) { folded[key] = french[key]; });
  folded.kbFolded = true;
  lunr.fr = folded;
})(typeof lunr !== "undefined" ? lunr : self.lunr);

/* csu-kb: kb.yaml's synonyms in the search (« mdp » finds « mot de passe »). kb build writes the
 * groups just before this file's code (self.kbSynonyms); a query holding every word of one term of a
 * group also looks for the words of the group's other terms (lunr's terms are optional: more pages
 * match, the pages holding the words typed still rank first). */
;(function (lunr, groups) {
  if (!lunr || !lunr.Index || !groups || !groups.length || lunr.Index.prototype.kbSynonyms) return;
  var fold = function (text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").replace(/æ/g, "ae");
  };
  var words = function (text) {
    return fold(text).split(/[\s\-'’]+/).map(function (word) {
      return word.replace(/^[+\-]/, "").replace(/[*~^].*$/, "");
    }).filter(Boolean);
  };
  var terms = groups.map(function (group) { return group.map(words); });
  var holds = function (query, term) {
    for (var i = 0; i + term.length <= query.length; i++) {
      var all = true;
      for (var j = 0; j < term.length && all; j++) all = query[i + j] === term[j];
      if (all) return true;
    }
    return false;
  };
  var expand = function (query) {
    var typed = words(String(query));
    var extra = [];
    terms.forEach(function (group) {
      if (!group.some(function (term) { return term.length && holds(typed, term); })) return;
      group.forEach(function (term) { if (!holds(typed, term)) extra.push.apply(extra, term); });
    });
    return extra.length ? query + " " + extra.join(" ") : query;
  };
  var search = lunr.Index.prototype.search;
  lunr.Index.prototype.search = function (query) { return search.call(this, expand(query)); };
  lunr.Index.prototype.kbSynonyms = true;
})(typeof lunr !== "undefined" ? lunr : self.lunr, self.kbSynonyms);
