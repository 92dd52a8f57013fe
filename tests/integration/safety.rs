//! Output safety and atomicity: folio refuses output folders that would destroy the
//! user's files, never leaves a half-written site (not on a failed build, not when
//! killed), keeps files the user added to its output folder, and drops stale pages.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::util::*;

/// Runs `folio build --output-dir <out>`, expects a refusal mentioning `needle`, and
/// checks that nothing in the temporary folder (site and all) changed.
#[track_caller]
fn check_refused(site: &Site, out: &str, needle: &str) {
    let before = snapshot(&site.tmp());
    site.build(&["--output-dir", out])
        .failure()
        .stderr_has(&["refusing", needle]);
    assert_same_tree(
        &format!("after refusing `{out}`"),
        &before,
        &snapshot(&site.tmp()),
    );
}

#[test]
fn refuses_the_site_root_as_output() {
    let site = Site::basic();
    check_refused(&site, ".", "site folder itself");
    check_refused(&site, site.root().to_str().unwrap(), "site folder itself");
}

#[test]
fn refuses_content_and_folders_inside_it_as_output() {
    let site = Site::basic();
    check_refused(&site, "content", "`content` folder");
    check_refused(&site, "content/guide", "`content` folder");
    check_refused(&site, "static", "`static` folder");
}

#[test]
fn refuses_content_reached_through_a_symlink() {
    // `link/public` does not exist yet, but `link` is `content`: the site would be
    // written into `content/public`, and the next build would copy it as assets.
    let site = Site::basic();
    std::os::unix::fs::symlink("content", site.path("link")).unwrap();
    check_refused(&site, "link/public", "content");
}

#[test]
fn refuses_an_ancestor_of_the_site_as_output() {
    let site = Site::basic();
    check_refused(&site, "..", "contains the site folder");
    check_refused(
        &site,
        site.tmp().to_str().unwrap(),
        "contains the site folder",
    );
}

#[test]
fn refuses_a_non_empty_folder_that_folio_did_not_make() {
    let site = Site::basic();
    site.file("mine/notes.txt", "my notes");
    check_refused(&site, "mine", "not made by folio");
    assert_eq!(site.read("mine/notes.txt"), "my notes");
    // An existing but empty folder is fine.
    std::fs::create_dir(site.path("empty")).unwrap();
    site.build(&["-o", "empty"]).success();
    assert!(site.exists("empty/index.html"));
}

#[test]
fn refuses_a_dangerous_output_dir_from_config_toml() {
    let site = Site::basic();
    let config = site.read("config.toml");
    site.file(
        "config.toml",
        &format!("{config}output_dir = \"content\"\n"),
    );
    let before = snapshot(&site.tmp());
    site.build(&[])
        .failure()
        .stderr_has(&["refusing", "`content` folder"]);
    assert_same_tree(
        "after refusing output_dir = content",
        &before,
        &snapshot(&site.tmp()),
    );
}

#[test]
fn refuses_an_output_path_that_is_a_file() {
    let site = Site::basic();
    site.file("public", "not a folder");
    site.build(&[]).failure().stderr_has(&["is a file"]);
    assert_eq!(site.read("public"), "not a folder");
}

#[test]
fn a_failing_build_leaves_the_previous_output_byte_for_byte() {
    let site = Site::basic();
    site.build(&[]).success();
    let good = snapshot(&site.path("public"));

    // A content error (front matter).
    site.file("content/guide/page-b.md", "+++\ntitle = \n+++\nBroken.\n");
    site.build(&[]).failure();
    assert_same_tree(
        "after a content error",
        &good,
        &snapshot(&site.path("public")),
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    // A rendering error, later in the pipeline.
    site.file(
        "content/guide/page-b.md",
        "+++\ntitle = \"Deploy\"\nweight = 3\n+++\nNew text.\n\n## Targets\n",
    );
    site.file(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}{{ page.nope }}{% endblock main %}",
    );
    site.build(&[]).failure();
    assert_same_tree(
        "after a rendering error",
        &good,
        &snapshot(&site.path("public")),
    );
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn files_the_user_adds_to_the_output_survive_a_rebuild() {
    let site = Site::basic();
    site.build(&[]).success();
    site.file("public/CNAME", "docs.example.com\n");
    site.file("public/.well-known/security.txt", "Contact: me\n");
    site.file(
        "content/guide/page-c.md",
        "+++\ntitle = \"Install\"\nweight = 1\n+++\nInstall it again.\n",
    );
    site.build(&[]).success();
    assert_eq!(site.read("public/CNAME"), "docs.example.com\n");
    assert_eq!(
        site.read("public/.well-known/security.txt"),
        "Contact: me\n"
    );
    assert_contains(
        &site.read("public/guide/page-c/index.html"),
        "Install it again.",
    );
    // And again: carried-over files are still the user's, not folio's.
    site.build(&[]).success();
    assert_eq!(site.read("public/CNAME"), "docs.example.com\n");
}

#[test]
fn a_deleted_page_disappears_from_the_output() {
    let site = Site::basic();
    site.build(&[]).success();
    assert!(site.exists("public/reference/api/index.html"));
    site.remove("content/reference/api.md");
    site.build(&[]).success();
    assert!(!site.exists("public/reference/api/index.html"));
    assert!(
        !site.exists("public/reference/api"),
        "the page's folder is gone too"
    );
    assert_not_contains(&site.read("public/sitemap.xml"), "/reference/api/");
    assert!(site.exists("public/reference/index.html"));
}

#[test]
fn no_staging_folders_are_left_behind() {
    let site = Site::basic();
    // One left by an earlier killed build is cleaned up.
    site.file("./.public.folio-staging-abc123/index.html", "half a site");
    site.build(&[]).success();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    site.build(&[]).success();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());

    site.file("content/guide/bad.md", "+++\ntitle = \"Bad\"\n");
    site.build(&[]).failure();
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    site.remove("content/guide/bad.md");

    let out = site.tmp().join("out");
    site.build(&["-o", out.to_str().unwrap()]).success();
    site.build(&["-o", out.to_str().unwrap()]).success();
    assert_eq!(leftovers(&site.tmp()), Vec::<String>::new());
}

/// Writes `n` generated pages into `content/gen/`, their text marked with `version`.
fn generate_pages(site: &Site, n: usize, version: &str) {
    site.file(
        "content/gen/_index.md",
        &format!("+++\ntitle = \"Generated {version}\"\nweight = 5\n+++\nGenerated pages.\n"),
    );
    for i in 0..n {
        site.file(
            &format!("content/gen/page-{i:03}.md"),
            &format!(
                "+++\ntitle = \"Generated page {i}\"\nweight = {i}\n+++\n\
                 Text of page {i}, {version}.\n\n## Part {i}\n\n\
                 ```rust\nfn page_{i}() -> usize {{ {i} }}\n```\n\n\
                 See [the next part](@/guide/page-b.md#targets).\n"
            ),
        );
    }
}

/// Staging folders in `dir` (folio's own naming: `.<output>.folio-staging-<random>`).
fn staging_folders(dir: &Path) -> Vec<String> {
    leftovers(dir)
        .into_iter()
        .filter(|n| n.contains(".folio-staging-"))
        .collect()
}

/// When to kill a build.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    /// This long after the start.
    Time(Duration),
    /// Once the new staging folder holds this many files (files are being written).
    StagedFiles(usize),
    /// This long after folio's marker beside the output names the staging folder too,
    /// that is right before, during or after the swap.
    Marker(Duration),
}

/// Files under `dir`, counted while another process writes them (errors are skipped).
fn count_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => count_files(&e.path()),
            Ok(_) => 1,
            Err(_) => 0,
        })
        .sum()
}

/// Whether the marker beside `public` describes the folder `stage` (it does from just
/// before the swap).
fn marker_names(site: &Site, stage: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(stage) else {
        return false;
    };
    std::fs::read_to_string(site.path(".public.folio-output"))
        .is_ok_and(|m| m.contains(&format!("\"ino\": {}", meta.ino())))
}

/// Starts `folio build`, kills it with SIGKILL at `when`, and says whether it was
/// still running (killed by the signal) and whether the kill came while staging.
fn build_and_kill(site: &Site, when: KillAt) -> (bool, bool) {
    let before = staging_folders(site.root());
    let mut child = site
        .command(&["build"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn folio");
    let mut staged = false;
    let reached = |stage: &Path| match when {
        KillAt::Time(_) => true,
        KillAt::StagedFiles(n) => count_files(stage) >= n,
        KillAt::Marker(_) => marker_names(site, stage),
    };
    if let KillAt::Time(delay) = when {
        std::thread::sleep(delay);
    } else {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
            let fresh = staging_folders(site.root())
                .into_iter()
                .find(|n| !before.contains(n));
            if fresh.is_some_and(|name| reached(&site.path(&name))) {
                staged = true;
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        if let KillAt::Marker(delay) = when {
            std::thread::sleep(delay);
        }
    }
    child.kill().ok(); // SIGKILL on Unix; an error only means it had exited.
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    (status.signal() == Some(9), staged)
}

#[test]
fn sigkill_at_any_moment_leaves_the_old_output_or_the_new_one_never_a_mix() {
    let site = Site::basic();
    generate_pages(&site, 300, "v1");
    site.build(&[]).success();
    let public = site.path("public");
    let old = snapshot(&public);

    // The new version, built elsewhere as the reference (builds are deterministic).
    generate_pages(&site, 300, "v2");
    let reference = site.tmp().join("reference");
    site.build(&["-o", reference.to_str().unwrap()]).success();
    let new = snapshot(&reference);
    assert_ne!(old, new);
    let files = new.keys().filter(|k| !k.ends_with('/')).count();

    let ms = Duration::from_millis;
    let kills = [
        KillAt::Time(ms(5)),
        KillAt::Time(ms(300)),
        KillAt::StagedFiles(0),
        KillAt::StagedFiles(files / 4),
        KillAt::StagedFiles(files / 2),
        KillAt::StagedFiles(files * 3 / 4),
        KillAt::StagedFiles(files - 5),
        KillAt::Marker(ms(0)),
        KillAt::Marker(ms(1)),
        KillAt::Marker(ms(3)),
        KillAt::Marker(ms(10)),
        KillAt::Marker(ms(100)),
    ];
    let mut state = &old;
    let mut killed_while_writing = 0;
    for when in kills {
        let (killed, staged) = build_and_kill(&site, when);
        let now = snapshot(&public);
        if now == *state {
            if killed && staged {
                killed_while_writing += 1;
            }
            continue;
        }
        if now == new {
            // The kill came after the swap: the complete new site.
            state = &new;
            continue;
        }
        assert_same_tree(
            &format!("output after SIGKILL at {when:?} (killed mid-way: {killed})"),
            state,
            &now,
        );
    }
    assert!(
        killed_while_writing >= 3,
        "only {killed_while_writing} builds were killed while writing their staging folder"
    );

    // The next build cleans up whatever the killed ones left and completes.
    site.build(&[]).success();
    assert_same_tree("the build after the kills", &new, &snapshot(&public));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert_no_staging_inside(&public);
}

fn assert_no_staging_inside(dir: &Path) {
    for path in snapshot(dir).keys() {
        assert!(!path.contains(".folio-staging-"), "{path}");
    }
}
