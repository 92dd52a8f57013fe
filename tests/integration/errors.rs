//! Error reporting: every broken input makes `folio build` exit non-zero without a
//! panic, with a message that names the file relative to the site, the line where
//! there is one, and what to do. A failed build writes nothing.

use crate::util::*;

/// The basic fixture with `content/guide/bad.md` set to `text`.
fn with_bad_page(text: &str) -> Site {
    let site = Site::basic();
    site.file("content/guide/bad.md", text);
    site
}

/// Builds, expects a clean failure whose stderr has every needle, and no output.
#[track_caller]
fn check(site: &Site, needles: &[&str]) -> Run {
    let run = site.build(&[]).failure().stderr_has(needles);
    assert!(
        !site.exists("public"),
        "a failed build wrote output:\n{}",
        run.stderr
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    run
}

#[test]
fn malformed_front_matter_toml() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\nweight = = 3\n+++\nBody.\n");
    check(&site, &["content/guide/bad.md:3:", "expected"]);
    let site = with_bad_page("+++\ntitle = \"Bad\ndraft = false\n+++\nBody.\n");
    check(&site, &["content/guide/bad.md:2:", "string"]);
}

#[test]
fn unclosed_front_matter() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\n\nBody, but no closing fence.\n");
    check(&site, &["content/guide/bad.md:1:", "never closed", "`+++`"]);
}

#[test]
fn broken_yaml_front_matter_names_its_line() {
    // YAML front matter is read (as Zola does); a syntax error in it names its line.
    let site = with_bad_page("---\ntitle: Bad\nweight: [1, 2\n---\nBody.\n");
    check(
        &site,
        &["content/guide/bad.md:3: in the YAML front matter: unclosed bracket"],
    );
    let site = with_bad_page("---\ntitle: Bad\n");
    check(
        &site,
        &["content/guide/bad.md:1:", "never closed by a `---` line"],
    );
}

#[test]
fn missing_front_matter() {
    let site = with_bad_page("# Just Markdown\n\nNo front matter.\n");
    check(&site, &["content/guide/bad.md:1:", "`+++`"]);
}

#[test]
fn unknown_front_matter_key_names_key_and_line() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\nweight = 9\ntitel = \"typo\"\n+++\nBody.\n");
    check(
        &site,
        &["content/guide/bad.md:4:", "`titel`", "unknown field"],
    );
}

#[test]
fn unknown_config_key_names_key_and_line() {
    let site = Site::basic();
    site.file(
        "config.toml",
        "title = \"Basic Site\"\nbase_url = \"https://example.com/\"\n\
         taxonomies = [{ name = \"tags\" }]\ntitel = \"typo\"\n",
    );
    check(
        &site,
        &["config.toml:4:1: unknown field `titel`, did you mean `title`?"],
    );
}

#[test]
fn bad_date() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\ndate = \"yesterday\"\n+++\nBody.\n");
    check(
        &site,
        &[
            "content/guide/bad.md:3:",
            "`date`",
            "yesterday",
            "2024-03-05",
        ],
    );
}

#[test]
fn missing_template() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\ntemplate = \"nope.html\"\n+++\nBody.\n");
    check(
        &site,
        &[
            "content/guide/bad.md",
            "`nope.html`",
            "not found",
            "templates/nope.html",
        ],
    );
}

#[test]
fn template_syntax_error_names_template_and_line() {
    let site = Site::basic();
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>Title</h1>\n{{ page.title }\n{% endblock main %}\n",
    );
    check(&site, &["templates/page.html", "page.html:4"]);
}

#[test]
fn undefined_template_variable_names_template_line_and_field() {
    let site = Site::basic();
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.nope }}\n{% endblock main %}\n",
    );
    // Tera 2: "Field `nope` is not defined. Available fields: …"
    check(
        &site,
        &[
            "templates/page.html",
            "page.html:3",
            "`nope`",
            "not defined",
        ],
    );
}

#[test]
fn broken_internal_link_to_a_missing_page() {
    let site = with_bad_page(
        "+++\ntitle = \"Bad\"\n+++\nFirst line.\n\nSee [this](@/guide/missing.md).\n",
    );
    check(
        &site,
        &[
            "content/guide/bad.md:6:",
            "@/guide/missing.md",
            "no `content/guide/missing.md`",
        ],
    );
}

#[test]
fn broken_internal_link_to_a_missing_anchor() {
    let site = with_bad_page(
        "+++\ntitle = \"Bad\"\n+++\nFirst line.\n\nSee [this](@/guide/page-b.md#nope).\n",
    );
    check(
        &site,
        &[
            "content/guide/bad.md:6:",
            "#nope",
            "no heading with the id `nope`",
        ],
    );
}

#[test]
fn a_link_to_a_draft_is_broken_without_drafts() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\n+++\nSee [secret](@/guide/secret.md).\n");
    check(&site, &["content/guide/bad.md:4:", "@/guide/secret.md"]);
    site.build(&["--drafts"]).success();
}

#[test]
fn link_lines_are_right_after_a_component_call() {
    // A multi-line call with a body, then a broken link on line 9.
    let site = with_bad_page(
        "+++\ntitle = \"Bad\"\n+++\n\
         {% note(title=\"A rather long title, so that the call takes many bytes\") %}\n\
         A body line that is long enough to move byte offsets by a good amount.\n\
         Another body line that is long enough to move byte offsets further.\n\
         {% end %}\n\
         \n\
         See [this](@/guide/missing.md).\n",
    );
    check(&site, &["content/guide/bad.md:9:", "@/guide/missing.md"]);
    // An inline call on line 4, then a broken link on line 6.
    let site = with_bad_page(
        "+++\ntitle = \"Bad\"\n+++\n\
         Before {{ note(title=\"A rather long title, so that the call takes many bytes\") }} after.\n\
         \n\
         See [this](@/guide/missing.md).\n",
    );
    check(&site, &["content/guide/bad.md:6:", "@/guide/missing.md"]);
}

#[test]
fn two_pages_with_one_url_are_both_named() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\nslug = \"page-a\"\n+++\nBody.\n");
    check(
        &site,
        &[
            "content/guide/bad.md",
            "content/guide/page-a.md",
            "`/guide/page-a/`",
            "slug",
        ],
    );
}

#[test]
fn path_escaping_the_output_folder() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\npath = \"../../etc\"\n+++\nBody.\n");
    check(&site, &["content/guide/bad.md:3:", "`path`", "`..`"]);
}

#[test]
fn slug_dot_dot() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\nslug = \"..\"\n+++\nBody.\n");
    check(&site, &["content/guide/bad.md:3:", "`slug`", "`..`"]);
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let site = Site::basic();
    site.bytes(
        "content/guide/bad.md",
        b"+++\ntitle = \"Bad\"\n+++\nA fine line.\n\xff\xfe not UTF-8\n",
    );
    check(&site, &["content/guide/bad.md:5", "UTF-8"]);
}

#[test]
fn symlink_loop_in_content() {
    let site = Site::basic();
    std::os::unix::fs::symlink("..", site.path("content/guide/loop")).unwrap();
    check(&site, &["content/guide/loop", "loop"]);
}

#[test]
fn undeclared_taxonomy() {
    let site =
        with_bad_page("+++\ntitle = \"Bad\"\n[taxonomies]\ncategories = [\"x\"]\n+++\nBody.\n");
    check(
        &site,
        &[
            "content/guide/bad.md:3:",
            "`categories`",
            "not declared",
            "config.toml",
        ],
    );
}

#[test]
fn all_broken_files_are_reported_in_one_run() {
    let site = Site::basic();
    site.file(
        "content/guide/bad-key.md",
        "+++\ntitle = \"A\"\ncolour = \"red\"\n+++\n",
    );
    site.file(
        "content/guide/bad-date.md",
        "+++\ntitle = \"B\"\n\ndate = \"soon\"\n+++\n",
    );
    site.file("content/reference/bad-fence.md", "+++\ntitle = \"C\"\n");
    site.file(
        "content/guide/_index.md",
        "+++\ntitle = \"Guide\"\nsort_by = \"sideways\"\n+++\n",
    );
    check(
        &site,
        &[
            "4 problems",
            "content/guide/bad-key.md:3:",
            "content/guide/bad-date.md:4:",
            "content/reference/bad-fence.md:1:",
            "content/guide/_index.md:3:",
        ],
    );
}

#[test]
fn all_broken_links_are_reported_in_one_run() {
    let site = Site::basic();
    site.file(
        "content/guide/one.md",
        "+++\ntitle = \"One\"\n+++\n[a](@/nowhere.md)\n",
    );
    site.file(
        "content/reference/two.md",
        "+++\ntitle = \"Two\"\n+++\n\n[b](@/guide/page-c.md#nope)\n",
    );
    check(
        &site,
        &[
            "2 problems",
            "content/guide/one.md:4:",
            "content/reference/two.md:5:",
        ],
    );
}

#[test]
fn errors_name_files_relative_to_the_site_from_any_folder() {
    let site = with_bad_page("+++\ntitle = \"Bad\"\ntitel = 1\n+++\n");
    let mut cmd = site.command(&["build", "--root", site.root().to_str().unwrap()]);
    cmd.current_dir(site.tmp());
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert_contains(&stderr, "\n  content/guide/bad.md:3: ");
    assert_not_contains(&stderr, &site.root().display().to_string());
}

#[test]
fn a_content_file_overwriting_a_page_is_named_relative_to_the_site() {
    let site = Site::basic();
    site.file("content/guide/page-b/index.html", "<p>hand-written</p>");
    let run = check(&site, &["guide/page-b/index.html", "overwrite"]);
    // The file, as in every other message: relative to the site, no `./` or absolute path.
    assert_contains(&run.stderr, "\n  content/guide/page-b/index.html: ");
}

#[test]
fn a_static_file_is_not_silently_dropped_for_a_generated_one() {
    // `static/robots.txt` and the generated `robots.txt` claim one output path: either
    // the site's file wins or the build says why it cannot.
    let site = Site::basic();
    site.file("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    let run = site.build(&[]);
    if run.status.success() {
        assert_eq!(
            site.read("public/robots.txt"),
            "User-agent: *\nDisallow: /private/\n",
            "static/robots.txt was silently replaced by the generated robots.txt"
        );
    } else {
        run.failure().stderr_has(&["static/robots.txt"]);
    }
}

#[test]
fn missing_config_toml() {
    let site = Site::empty();
    site.file("content/_index.md", "+++\ntitle = \"x\"\n+++\n");
    site.build(&[]).failure().stderr_has(&["config.toml"]);
}

#[test]
fn missing_content_folder() {
    let site = Site::empty();
    site.file("config.toml", "title = \"x\"\n");
    site.build(&[]).failure().stderr_has(&["content"]);
    assert!(!site.exists("public"));
}

#[test]
fn a_deep_recursive_component_says_what_to_do() {
    // A site template that draws the tree by recursion, as themes often do, on a site
    // deeper than Tera's component nesting limit. folio's own theme draws any depth.
    let site = Site::basic();
    site.file(
        "templates/page.html",
        "{% component tree(depth) %}{% if depth > 0 %}<ul><li>{{ <tree depth={depth - 1} /> }}</li></ul>{% endif %}{% endcomponent tree %}<!doctype html><title>{{ page.title }}</title>{{ <tree depth={30} /> }}",
    );
    check(
        &site,
        &[
            "content/guide/",
            "(templates/page.html)",
            "recursion depth",
            "help: Tera nests components at most 20 deep",
            "`nav`",
        ],
    );
}

#[test]
fn a_theme_template_with_a_syntax_error_is_reported_with_its_line_every_time() {
    // A broken theme template used to be left out quietly, so every page said
    // "template `page.html` not found". Now the page names the template's own error.
    let site = Site::empty();
    site.file("config.toml", "title = \"T\"\ntheme = \"t\"\n");
    site.file("themes/t/theme.toml", "name = \"t\"\n");
    site.file("themes/t/templates/section.html", "{{ section.title }}");
    site.file("themes/t/templates/index.html", "{{ section.title }}");
    site.file(
        "themes/t/templates/page.html",
        "<p>\n{{ page.title }\n</p>\n",
    );
    site.file("content/a.md", "+++\ntitle = \"A\"\n+++\n");
    for _ in 0..2 {
        let run = site.build(&[]).failure().stderr_has(&[
            "content/a.md: template `page.html` does not compile:",
            "themes/t/templates/page.html: template error:",
            "--> page.html:2:15",
        ]);
        assert!(!run.stderr.contains("not found"), "{}", run.stderr);
    }
}
