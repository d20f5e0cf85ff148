-- Pandoc filter for `kb import mediawiki`: wiki links become the knowledge base's links.
--
-- Metadata (set by exporters/mediawiki/importer.py):
--   kb-links  JSON object {wiki page title: item id}: links to those pages become [texte](KB-0042)
--   kb-wiki   the wiki's page address prefix (…/index.php?title=): other wiki links point there
local function title_case(text)
  return text:sub(1, 1):upper() .. text:sub(2)
end

local function url_escape(text)
  return (text:gsub("[^%w%-._~:/]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function Pandoc(doc)
  local links = pandoc.json.decode(pandoc.utils.stringify(doc.meta["kb-links"] or "{}"), false)
  local wiki = pandoc.utils.stringify(doc.meta["kb-wiki"] or "")
  doc.meta["kb-links"] = nil
  doc.meta["kb-wiki"] = nil
  return doc:walk({
    Link = function(el)
      if not el.classes:includes("wikilink") then return nil end
      local page = el.target:gsub("_", " ")
      local anchor = ""
      local hash = page:find("#", 1, true)
      if hash then
        page, anchor = page:sub(1, hash - 1), page:sub(hash + 1)
      end
      local id = links[title_case(page)]
      if id then
        el.target = id
      elseif page == "" then
        el.target = "#" .. anchor:lower():gsub("%s+", "-")
      else
        el.target = wiki .. url_escape(page:gsub(" ", "_")) .. (anchor ~= "" and ("#" .. url_escape(anchor)) or "")
      end
      el.title = ""
      el.classes = {}
      return el
    end,
  })
end
