-- Pandoc custom reader: the knowledge base's Markdown (Python-Markdown with admonitions,
-- as the site reads it) -> a document whose MediaWiki rendering is the wiki page body.
--
-- Input (written by exporters/mediawiki/wikitext.py): records separated by "\30" (ASCII
-- record separator). The first record is "links\n" followed by a JSON object
-- {id: {title: wiki page title, anchors: {site anchor: heading text}}}; every other record
-- is "<id>\n<markdown body>", or "*<group>\n" followed by fenced divs {.kb-part name="<id>"},
-- the short texts of one tree read as one document (one read instead of dozens). Each body is read on its own (an unclosed fence cannot spill
-- into the next article) and the output carries a line "<!--KB-DOC:<id>-->" before each.
--
-- What the reading does (DESIGN.md beside this folder):
--   !!! kind "Titre" + indented body  -> {{Template|titre=Titre|1=body}} (see TEMPLATES)
--   [texte](KB-0042#ancre)             -> [[<page of KB-0042>#<heading>|texte]]
--   text that looks like wikitext      -> <nowiki>...</nowiki>, so it stays literal
--   tight lists stay wikitext lists (# and *), the leading "# Title" is dropped (the page
--   title says it), images become [[Fichier:...]].

local MARKDOWN = table.concat({
  "markdown", "-smart", "-auto_identifiers", "-subscript", "-superscript", "-strikeout",
  "-citations", "-example_lists", "-tex_math_dollars", "-raw_tex", "-pandoc_title_block",
  "-yaml_metadata_block", "-fancy_lists", "-line_blocks", "-multiline_tables",
  "-grid_tables", "-simple_tables", "-implicit_figures", "-latex_macros",
})

-- admonition kind (Python-Markdown / mkdocs-material) -> wiki template
local TEMPLATES = {
  note = "Note", seealso = "Note", abstract = "Note", summary = "Note", tldr = "Note",
  info = "Information", todo = "Information", example = "Information", quote = "Information",
  cite = "Information", question = "Information", help = "Information", faq = "Information",
  tip = "Astuce", hint = "Astuce", important = "Astuce", success = "Astuce", check = "Astuce",
  done = "Astuce",
  warning = "Attention", caution = "Attention", attention = "Attention",
  danger = "Danger", error = "Danger", failure = "Danger", fail = "Danger", missing = "Danger",
  bug = "Danger",
}

local links = {}

-- ---------------------------------------------------------------- admonitions -> divs
local function leading_spaces(line)
  return #line:match("^ *")
end

local function lines_of(text)
  local result = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do result[#result + 1] = line end
  return result
end

local function quote_attr(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- Rewrites "!!! kind "title"" blocks (and "???" details) into pandoc fenced divs,
-- recursively, keeping their indentation so that they may sit inside list items.
local function admonitions(text)
  local lines = {}
  for line in (text .. "\n"):gmatch("(.-)\n") do
    lines[#lines + 1] = line:gsub("\t", "    ")
  end
  local out, i, fence = {}, 1, nil
  while i <= #lines do
    local line = lines[i]
    local marker = line:match("^%s*(```+)") or line:match("^%s*(~~~+)")
    if fence then
      if marker and marker:sub(1, 1) == fence:sub(1, 1) and #marker >= #fence then fence = nil end
      out[#out + 1] = line
      i = i + 1
    elseif marker then
      fence = marker
      out[#out + 1] = line
      i = i + 1
    else
      local indent, kind, rest = line:match("^( *)[!?][!?][!?]%+? +([%w%-_]+)(.*)$")
      rest = rest and rest:match("^%s*(.-)%s*$")
      local title = rest and rest:match('"(.*)"$')
      if indent and (title or rest:match("^[%w%-_ ]*$")) then
        kind = kind:lower()
        local body, j = {}, i + 1
        local inner = #indent + 4
        while j <= #lines and (lines[j]:match("^%s*$") or leading_spaces(lines[j]) >= inner) do
          body[#body + 1] = lines[j]:sub(inner + 1)
          j = j + 1
        end
        while #body > 0 and body[#body]:match("^%s*$") do
          body[#body] = nil
          j = j - 1
        end
        local attrs = "{.admonition kind=" .. quote_attr(kind)
        if title then attrs = attrs .. " title=" .. quote_attr(title) end
        out[#out + 1] = indent .. "::: " .. attrs .. "}"
        for _, b in ipairs(lines_of(admonitions(table.concat(body, "\n")))) do
          out[#out + 1] = (b ~= "" and indent or "") .. b
        end
        out[#out + 1] = indent .. ":::"
        i = j
      else
        out[#out + 1] = line
        i = i + 1
      end
    end
  end
  return table.concat(out, "\n")
end


-- ---------------------------------------------------------------- wikitext helpers
local function nowiki(text)
  text = text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;")
  return "<nowiki>" .. text .. "</nowiki>"
end

-- characters or sequences that mean something to the wiki's parser
local function wikiish(text)
  return text:find("[%[%]{}|]") or text:find("''", 1, true) or text:find("~~~", 1, true)
      or text:find("__", 1, true)
end

local function plain_wikitext(inlines)
  local text = pandoc.write(pandoc.Pandoc({ pandoc.Plain(inlines) }), "mediawiki", { wrap_text = "none" })
  return (text:gsub("%s+$", ""))
end

local function raw(text)
  return pandoc.RawInline("mediawiki", text)
end

-- ---------------------------------------------------------------- the filter
local current = nil -- the id of the document being read

local function link_target(target)
  local id, anchor = target:match("^(%u%u%-[%w%-]+)(#?.*)$")
  if not id or (id:sub(1, 3) ~= "KB-" and id:sub(1, 3) ~= "TR-") then
    if target:sub(1, 1) == "#" and current and links[current] then
      local heading = links[current].anchors[target:sub(2)]
      return true, heading and ("#" .. heading) or target
    end
    return false, nil
  end
  local entry = links[id]
  if not entry then return true, nil end -- an item not on the wiki: keep the words only
  local page = entry.title
  if anchor ~= "" then
    local heading = entry.anchors[anchor:sub(2)]
    if heading then page = page .. "#" .. heading end
  end
  return true, page
end

local filter = {
  Str = function(el)
    if wikiish(el.text) then return raw(nowiki(el.text)) end
  end,

  Code = function(el)
    if wikiish(el.text) or el.text:find("[<>&]") then
      return raw("<code>" .. nowiki(el.text) .. "</code>")
    end
  end,

  Link = function(el)
    local internal, page = link_target(el.target)
    if not internal then return nil end
    if not page then return el.content end
    return raw("[[" .. page .. "|" .. plain_wikitext(el.content) .. "]]")
  end,

  Image = function(el)
    local alt = plain_wikitext(el.caption)
    if el.src:match("^%a[%w+.-]*:") then -- an outside address: wikis do not embed those
      return raw("[" .. el.src .. " " .. (alt ~= "" and alt or el.src) .. "]")
    end
    local name = el.src:gsub("[?#].*$", ""):match("([^/]+)$") or el.src
    return raw("[[Fichier:" .. name .. (alt ~= "" and ("|" .. alt) or "") .. "]]")
  end,

  Div = function(el)
    if not el.classes:includes("admonition") then return nil end
    local kind = el.attributes.kind or "note"
    local template = TEMPLATES[kind] or "Note"
    -- a table written with pipes would split the template's parameters: write it in HTML
    local blocks = el.content:walk({
      Table = function(t) return pandoc.RawBlock("html", pandoc.write(pandoc.Pandoc({ t }), "html")) end,
    })
    local body = pandoc.write(pandoc.Pandoc(blocks), "mediawiki", { wrap_text = "none" })
    body = body:gsub("^%s+", ""):gsub("%s+$", "")
    local call = "{{" .. template
    if el.attributes.title and el.attributes.title ~= "" then
      call = call .. "|titre=" .. el.attributes.title:gsub("|", "{{!}}")
    end
    return pandoc.RawBlock("mediawiki", call .. "|1=\n" .. body .. "\n}}\n")
  end,
}

-- a paragraph starting with a character that opens a wiki block (list, indent, heading)
local function protect_line_start(el)
  local first = el.content[1]
  if first and first.t == "Str" and first.text:match("^[*#:;= ]") then
    el.content[1] = raw(nowiki(first.text:sub(1, 1)) .. first.text:sub(2))
    return el
  end
end

-- lists whose items are one paragraph (plus sub-lists) are written as wiki lists
local function tighten(el)
  for _, item in ipairs(el.content) do
    local paras = 0
    for _, block in ipairs(item) do
      if block.t == "Para" then paras = paras + 1
      elseif block.t ~= "Plain" and block.t ~= "BulletList" and block.t ~= "OrderedList" then
        return nil
      end
    end
    if paras > 1 then return nil end
  end
  for _, item in ipairs(el.content) do
    for k, block in ipairs(item) do
      if block.t == "Para" then item[k] = pandoc.Plain(block.content) end
    end
  end
  return el
end

local function convert(id, body)
  current = id
  local doc = pandoc.read(admonitions(body), MARKDOWN)
  doc = doc:walk({ Para = protect_line_start, Plain = protect_line_start })
  doc = doc:walk(filter)
  doc = doc:walk({ BulletList = tighten, OrderedList = tighten })
  local blocks = doc.blocks
  if blocks[1] and blocks[1].t == "Header" and blocks[1].level == 1 then
    blocks:remove(1)
  end
  -- a group of short texts (a tree's): each part gets its own marker
  local out = pandoc.Blocks({})
  for _, block in ipairs(blocks) do
    if block.t == "Div" and block.classes:includes("kb-part") then
      out:insert(pandoc.RawBlock("mediawiki", "<!--KB-DOC:" .. block.attributes.name .. "-->"))
      out:extend(block.content)
    else
      out:insert(block)
    end
  end
  return out
end

function Reader(input)
  local text = tostring(input)
  local out = pandoc.Blocks({})
  for record in text:gmatch("([^\30]+)") do
    local name, body = record:match("^([^\n]*)\n(.*)$")
    if not name then name, body = record, "" end
    if name == "links" then
      links = pandoc.json.decode(body, false)
    elseif name:sub(1, 1) == "*" then -- a group: its parts carry their markers
      out:extend(convert(name:sub(2), body))
    elseif name ~= "" then
      out:insert(pandoc.RawBlock("mediawiki", "<!--KB-DOC:" .. name .. "-->"))
      out:extend(convert(name, body))
    end
  end
  return pandoc.Pandoc(out)
end
