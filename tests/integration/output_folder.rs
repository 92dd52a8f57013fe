//! The output folder as the user sees it: folio's marker beside it (never published),
//! the user's own files in it kept as they were (symlinks, empty folders, FIFOs,
//! modification times), symlinked and mounted output folders, unreadable and
//! outside-the-site source files, and a disk that fills up mid-build.

use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use crate::util::*;

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Sets the modification time of `path` (not following a symlink's target matters not
/// here: only regular files are given one).
fn set_mtime(path: &Path, t: SystemTime) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn the_marker_sits_beside_the_output_folder_and_is_not_published() {
    let site = Site::basic();
    site.build(&[]).success();
    assert!(
        !site.exists("public/.folio-output"),
        "nothing of folio's in the output"
    );
    let marker = site.read(".public.folio-output");
    assert_contains(&marker, "\"index.html\"");
    // Still folio's on the next build: its stale pages go, the user's files stay.
    site.file("public/CNAME", "docs.example.com\n");
    site.remove("content/reference/api.md");
    site.build(&[]).success();
    assert!(!site.exists("public/reference/api/index.html"));
    assert_eq!(site.read("public/CNAME"), "docs.example.com\n");
    assert!(!site.exists("public/.folio-output"));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn an_output_folder_of_an_older_version_is_recognised_once() {
    let site = Site::basic();
    site.build(&[]).success();
    // What folio before this change left: the list inside the folder, none beside it.
    let mut listed: Vec<String> = snapshot(&site.path("public"))
        .keys()
        .filter(|k| !k.ends_with('/'))
        .cloned()
        .collect();
    site.file("public/old/index.html", "a page since deleted");
    listed.push("old/index.html".into());
    site.file("public/.folio-output", &(listed.join("\n") + "\n"));
    site.remove(".public.folio-output");
    site.file("public/CNAME", "mine\n");

    site.build(&[]).success();
    assert!(
        !site.exists("public/.folio-output"),
        "the old marker is gone"
    );
    assert!(!site.exists("public/old"), "what it listed was folio's");
    assert_eq!(site.read("public/CNAME"), "mine\n");
    assert_contains(&site.read(".public.folio-output"), "\"index.html\"");
}

#[test]
fn a_renamed_output_folder_stays_folios_and_a_replaced_one_does_not() {
    let site = Site::basic();
    let tmp = site.tmp();
    let (one, two) = (tmp.join("one"), tmp.join("two"));
    site.build(&["-o", one.to_str().unwrap()]).success();
    std::fs::rename(&one, &two).unwrap();
    site.build(&["-o", two.to_str().unwrap()]).success();
    assert!(two.join("index.html").is_file());
    assert!(tmp.join(".two.folio-output").is_file());
    assert!(
        !tmp.join(".one.folio-output").exists(),
        "the marker follows the folder"
    );

    // A folder of the user's moved to where folio's was is not folio's.
    std::fs::rename(&two, tmp.join("elsewhere")).unwrap();
    std::fs::create_dir(&two).unwrap();
    std::fs::write(two.join("notes.txt"), "mine").unwrap();
    site.build(&["-o", two.to_str().unwrap()])
        .failure()
        .stderr_has(&["refusing", "not made by folio"]);
    assert_eq!(names(&two), ["notes.txt"]);
}

#[test]
fn symlinks_empty_folders_fifos_and_times_of_the_users_files_survive() {
    let site = Site::basic();
    site.build(&[]).success();
    let public = site.path("public");
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_500_000_000);
    site.file("public/CNAME", "docs.example.com\n");
    set_mtime(&public.join("CNAME"), old);
    let cname_ino = std::fs::metadata(public.join("CNAME")).unwrap().ino();
    std::os::unix::fs::symlink("guide", public.join("latest")).unwrap();
    std::os::unix::fs::symlink("nowhere", public.join("dangling")).unwrap();
    std::fs::create_dir_all(public.join("uploads/empty")).unwrap();
    mkfifo(&public.join("pipe"));

    site.file(
        "content/guide/page-c.md",
        "+++\ntitle = \"Install\"\nweight = 1\n+++\nInstall it again.\n",
    );
    site.build(&[]).success();
    assert_contains(
        &site.read("public/guide/page-c/index.html"),
        "Install it again.",
    );
    let cname = std::fs::metadata(public.join("CNAME")).unwrap();
    assert_eq!(cname.modified().unwrap(), old, "modification time kept");
    assert_eq!(cname.ino(), cname_ino, "the same file, not a copy");
    assert_eq!(
        std::fs::read_link(public.join("latest")).unwrap(),
        Path::new("guide")
    );
    assert_eq!(
        std::fs::read_link(public.join("dangling")).unwrap(),
        Path::new("nowhere")
    );
    assert!(public.join("uploads/empty").is_dir());
    let pipe = std::fs::symlink_metadata(public.join("pipe")).unwrap();
    assert!(pipe.file_type().is_fifo());
    // And once more: kept files stay the user's, never folio's.
    site.build(&[]).success();
    assert!(public.join("uploads/empty").is_dir());
    assert!(public.join("latest").is_symlink());
    assert_not_contains(&site.read(".public.folio-output"), "CNAME");
}

#[test]
fn a_users_file_where_a_new_page_goes_is_an_error_naming_both() {
    let site = Site::basic();
    site.build(&[]).success();
    site.file("public/guide/page-z/index.html", "my own page");
    site.file("public/robots.txt.bak", "mine");
    let before = snapshot(&site.path("public"));
    site.file(
        "content/guide/page-z.md",
        "+++\ntitle = \"Install\"\nweight = 1\n+++\nInstall it.\n",
    );
    site.build(&[])
        .failure()
        .stderr_has(&["public/guide/page-z/index.html", "content/guide/page-z.md"]);
    assert_same_tree("after the clash", &before, &snapshot(&site.path("public")));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn a_dangling_public_symlink_is_followed_and_leaves_nothing_behind() {
    let site = Site::basic();
    std::os::unix::fs::symlink("../deploy/site", site.path("public")).unwrap();
    site.build(&[]).success();
    let target = site.tmp().join("deploy/site");
    assert!(target.join("index.html").is_file());
    assert!(site.path("public").is_symlink(), "the link is kept");
    assert!(site.tmp().join("deploy/.site.folio-output").is_file());
    // Now the link resolves; the next build replaces the folder it points to.
    site.remove("content/reference/api.md");
    site.build(&[]).success();
    assert!(!target.join("reference/api/index.html").exists());
    assert!(site.path("public").is_symlink());
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
    assert_eq!(leftovers(&site.tmp().join("deploy")), Vec::<String>::new());

    // A link into the site's own `content/` is refused like the folder itself.
    let other = Site::basic();
    std::os::unix::fs::symlink("content/out", other.path("public")).unwrap();
    other
        .build(&[])
        .failure()
        .stderr_has(&["refusing", "content"]);
    assert!(!other.exists("content/out"));
}

/// A tmpfs mounted for one test (folio's tests run as root, as CI does), unmounted on
/// drop. A machine that does not let the test mount fails it: nothing is skipped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, size: &str) -> Mount {
        std::fs::create_dir_all(at).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "this test mounts a tmpfs at {}: run the tests as root (as CI does)",
            at.display()
        );
        Mount(at.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        Command::new("umount").arg(&self.0).status().ok();
    }
}

#[test]
fn a_mount_point_as_output_fails_clearly_and_leaves_nothing_behind() {
    let site = Site::basic();
    let mnt = site.tmp().join("mnt");
    let _mount = Mount::tmpfs(&mnt, "4m");
    site.build(&["-o", mnt.to_str().unwrap()])
        .failure()
        .stderr_has(&["mount point", "mnt/site"]);
    assert_eq!(leftovers(&site.tmp()), Vec::<String>::new());
    assert_eq!(names(&mnt), Vec::<String>::new(), "the mount is untouched");
    // A folder inside it is fine.
    let inside = mnt.join("site");
    site.build(&["-o", inside.to_str().unwrap()]).success();
    assert!(inside.join("index.html").is_file());
}

#[test]
fn a_full_disk_fails_naming_the_output_and_leaves_it_as_it_was() {
    let site = Site::basic();
    let disk = site.tmp().join("disk");
    let _mount = Mount::tmpfs(&disk, "1m");
    let out = disk.join("public");
    site.build(&["-o", out.to_str().unwrap()]).success();
    let good = snapshot(&out);
    let marker = std::fs::read(disk.join(".public.folio-output")).unwrap();
    site.bytes("static/big.bin", &vec![7u8; 2 << 20]);
    site.build(&["-o", out.to_str().unwrap()])
        .failure()
        .stderr_has(&["failed to write", "public", "No space left on device"]);
    assert_same_tree("after a full disk", &good, &snapshot(&out));
    assert_eq!(
        std::fs::read(disk.join(".public.folio-output")).unwrap(),
        marker
    );
    assert_eq!(leftovers(&disk), Vec::<String>::new());
}

#[test]
fn a_write_beyond_the_file_size_limit_fails_like_a_full_disk() {
    // RLIMIT_FSIZE, with SIGXFSZ ignored (an ignored signal stays ignored across
    // exec), makes writes past the limit fail with EFBIG: a write error in the real
    // binary without root.
    let site = Site::basic();
    site.build(&[]).success();
    let good = snapshot(&site.path("public"));
    site.bytes("static/big.bin", &vec![7u8; 4 << 20]);
    let out = Command::new("sh")
        .args(["-c", "trap '' XFSZ; ulimit -f 2048; exec \"$0\" build"])
        .arg(FOLIO)
        .current_dir(site.root())
        .env("XDG_CACHE_HOME", site.tmp().join("cache"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_contains(&stderr, "failed to write");
    assert_contains(&stderr, "public/big.bin");
    assert_contains(&stderr, "is left as it was");
    assert_not_contains(&stderr, "panicked");
    assert_same_tree("after EFBIG", &good, &snapshot(&site.path("public")));
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

/// Whether the tests run as root, for whom permission bits do not stop reading.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `folio <args>` in the site; as root, run as `nobody` (with the test's folder opened
/// up to it) so that a file with mode 000 really cannot be read.
fn run_unprivileged(site: &Site, args: &[&str]) -> std::process::Output {
    let mut cmd = site.command(args);
    if is_root() {
        use std::os::unix::process::CommandExt;
        cmd.uid(65534).gid(65534);
    }
    cmd.output().expect("run folio")
}

#[test]
fn an_unreadable_static_file_is_named_by_build_and_check() {
    let site = Site::basic();
    site.file("static/ok.css", "a {}");
    site.file("static/locked.css", "secret {}");
    if is_root() {
        // Let `nobody` into the test's folder (the site, its output and the cache).
        let status = Command::new("chmod")
            .args(["-R", "a+rwX"])
            .arg(site.tmp())
            .status()
            .unwrap();
        assert!(status.success());
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(
        site.path("static/locked.css"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    for args in [&["build"][..], &["check"][..]] {
        let out = run_unprivileged(&site, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_contains(&stderr, "static/locked.css: cannot read: Permission denied");
        assert_not_contains(&stderr, ".folio-staging-");
    }
    assert!(!site.exists("public"), "nothing is published");
    assert_eq!(leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn static_entries_that_cannot_be_read_are_each_named() {
    let site = Site::basic();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink("gone.css", site.path("static/dangling.css")).unwrap();
    std::os::unix::fs::symlink("loop.css", site.path("static/loop.css")).unwrap();
    mkfifo(&site.path("static/pipe.css"));
    for cmd in ["build", "check"] {
        site.run(&[cmd]).failure().stderr_has(&[
            "static/dangling.css: cannot read",
            "static/loop.css: cannot read",
            "static/pipe.css: cannot read: not a regular file",
        ]);
    }
    assert!(!site.exists("public"));
}

#[test]
fn symlinks_out_of_the_site_are_not_followed_and_those_inside_work() {
    let site = Site::basic();
    let outside = site.tmp().join("outside");
    std::fs::create_dir_all(outside.join("docs")).unwrap();
    std::fs::write(outside.join("secret.txt"), "password").unwrap();
    std::fs::write(
        outside.join("docs/leak.md"),
        "+++\ntitle = \"Leak\"\n+++\nleaked\n",
    )
    .unwrap();
    // Inside the site: a file and a folder reached through links.
    site.file("assets/shared.css", "body {}");
    site.file(
        "notes/extra.md",
        "+++\ntitle = \"Extra\"\n+++\nExtra text.\n",
    );
    std::os::unix::fs::symlink("../assets/shared.css", site.path("static/shared.css")).unwrap();
    std::os::unix::fs::symlink("../../notes", site.path("content/guide/notes")).unwrap();
    site.build(&[]).success();
    assert_eq!(site.read("public/shared.css"), "body {}");
    assert_contains(
        &site.read("public/guide/notes/extra/index.html"),
        "Extra text.",
    );

    // Out of the site: a content file and a content folder, then a static file.
    std::os::unix::fs::symlink(outside.join("secret.txt"), site.path("content/guide/s.txt"))
        .unwrap();
    std::os::unix::fs::symlink(outside.join("docs"), site.path("content/docs")).unwrap();
    let before = snapshot(&site.path("public"));
    for cmd in ["build", "check"] {
        site.run(&[cmd]).failure().stderr_has(&[
            "content/guide/s.txt: a symbolic link to",
            "content/docs: a symbolic link to",
            "outside the site folder",
        ]);
    }
    site.remove("content/guide/s.txt").remove("content/docs");
    std::os::unix::fs::symlink(outside.join("secret.txt"), site.path("static/secret.txt")).unwrap();
    for cmd in ["build", "check"] {
        site.run(&[cmd])
            .failure()
            .stderr_has(&["static/secret.txt: a symbolic link to", "outside the site"]);
    }
    assert_same_tree(
        "after refusing links",
        &before,
        &snapshot(&site.path("public")),
    );
    assert_not_contains(&format!("{before:?}"), "password");
}
