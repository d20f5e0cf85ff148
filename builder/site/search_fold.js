
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
