"""Images as the loader reads them: where they may live, their size from the header, unsafe SVG."""
from __future__ import annotations

import struct

from hypothesis import given, settings, strategies as st

from builder.content import svg
from builder.content.images import read_image, resolve, wiki_name
from builder.content.snapshot import is_image_path
from helpers import invoke
from helpers.images import HOSTILE_SVG, SAFE_SVG, png


def test_images_live_in_an_images_folder_of_a_domain() -> None:
    assert is_image_path("kb/comptes/images/ecran.png")
    assert is_image_path("trees/comptes/images/Schema.SVG")
    assert not is_image_path("kb/comptes/ecran.png")
    assert not is_image_path("kb/comptes/images/notes.txt")
    assert not is_image_path("kb/comptes/images/sous/ecran.png")


def test_a_png_beside_an_article_is_reported_with_where_images_go(tmp_path) -> None:
    (tmp_path / "kb/comptes").mkdir(parents=True)
    (tmp_path / "kb/comptes/ecran.png").write_bytes(png())
    result = invoke("check", "--root", str(tmp_path))
    assert "kb/comptes/ecran.png:1:1: error SC014 fichier ignoré : le contenu se range dans " \
           "kb/<domaine>/images/ pour les images" in result.stdout


def test_dimensions_come_from_the_header() -> None:
    assert (read_image("a.png", png(64, 48)).width, read_image("a.png", png(64, 48)).height) == (64, 48)
    gif = b"GIF89a" + struct.pack("<HH", 300, 200) + b"\x00" * 10
    assert (read_image("a.gif", gif).width, read_image("a.gif", gif).height) == (300, 200)
    jpeg = (b"\xff\xd8\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
            + b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 480, 640) + b"\x03" + b"\x00" * 9)
    image = read_image("a.jpg", jpeg)
    assert (image.format, image.width, image.height) == ("jpeg", 640, 480)
    webp = b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8X" + struct.pack("<I", 10) + b"\x00" * 4 \
        + (799).to_bytes(3, "little") + (599).to_bytes(3, "little")
    image = read_image("a.webp", webp)
    assert (image.format, image.width, image.height) == ("webp", 800, 600)
    image = read_image("a.svg", SAFE_SVG)
    assert (image.format, image.width, image.height, image.svg_problems) == ("svg", 120, 40, ())


def test_truncated_or_fake_images_have_no_size() -> None:
    assert read_image("a.png", b"pas une image").format is None
    assert read_image("a.jpg", b"\xff\xd8\xff\xe0\x00").width is None


def test_a_hostile_svg_is_refused_and_its_clean_copy_is_safe() -> None:
    problems = [p.message for p in svg.inspect(HOSTILE_SVG)]
    assert problems == ["élément « script » interdit", "attribut de gestion d'événement « onclick » interdit",
                        "référence externe « https://tracker.example/pixel.png » (seuls les liens « #id » internes "
                        "sont permis)"]
    cleaned = svg.clean(HOSTILE_SVG)
    assert cleaned is not None and svg.inspect(cleaned) == []
    assert b"script" not in cleaned and b"onclick" not in cleaned and b"tracker" not in cleaned


def test_entity_tricks_and_html_inside_svg_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg>&b;</svg>'
    assert svg.inspect(bomb) and svg.clean(bomb) is None
    external = b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'
    assert svg.inspect(external) and svg.clean(external) is None
    html = (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" '
            b'src="javascript:alert(1)"/></foreignObject><a href="javascript:alert(1)"><rect/></a>'
            b'<rect style="fill:url(https://x.example/a)"/><set attributeName="href" to="javascript:alert(1)"/></svg>')
    assert len(svg.inspect(html)) >= 3
    assert b"javascript" not in (svg.clean(html) or b"") and b"x.example" not in (svg.clean(html) or b"")


def test_editor_metadata_is_dropped_quietly() -> None:
    inkscape = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
                b' inkscape:version="1.2" width="10" height="10"><rect width="10" height="10"/></svg>')
    assert svg.inspect(inkscape) == []
    assert b"inkscape" not in (svg.clean(inkscape) or b"")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["script", "rect", "a", "foreignObject", "style", "g"]),
       st.sampled_from(["onload", "href", "style", "fill", "xlink:href", "begin"]))
def test_whatever_an_svg_holds_the_clean_copy_passes_inspection(text: str, element: str, attribute: str) -> None:
    value = text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    data = (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            f'<{element} {attribute}="{value}">{value}</{element}></svg>').encode("utf-8", "surrogatepass")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    cleaned = svg.clean(data)
    if cleaned is not None:
        assert svg.inspect(cleaned) == []
        assert b"<script" not in cleaned


def test_links_resolve_relative_to_the_file() -> None:
    assert resolve("kb/comptes/mdp.md", "images/ecran.png") == "kb/comptes/images/ecran.png"
    assert resolve("kb/comptes/mdp.md", "images/%C3%A9cran.png") == "kb/comptes/images/écran.png"
    assert resolve("kb/comptes/mdp.md", "https://x.example/a.png") is None
    assert resolve("kb/comptes/mdp.md", "/images/a.png") is None


def test_wiki_names_are_prefixed_like_page_titles() -> None:
    assert wiki_name("kb/comptes/images/ecran.png", "CSU:") == "CSU-comptes-ecran.png"
    assert wiki_name("trees/comptes/images/ecran.png", "CSU:") == "CSU-comptes-arbres-ecran.png"
    assert wiki_name("kb/comptes/images/ecran.png", "") == "comptes-ecran.png"


def test_an_unreadable_size_limit_is_reported_where_it_is_written(copy_case) -> None:
    root = copy_case("IM002")
    config = root / "kb.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("max_size: 1 Ko", "max_size: beaucoup"),
                      encoding="utf-8")
    result = invoke("check", "--root", str(root))
    assert "kb.yaml:22:13: error SC002 taille illisible « beaucoup » (écrivez par exemple « 500 Ko » ou « 2 Mo »)" \
        in result.stdout
    assert "IM002" not in result.stdout  # the default limit (500 Ko) applies
