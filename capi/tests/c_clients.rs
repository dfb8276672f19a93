//! Compiles and runs the C, C++ and Python clients against the library that `cargo test`
//! just built: the C tests (under valgrind's memcheck when it is installed, leaks being
//! errors), the header as C++, the C example and the Python ctypes example.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The directory holding `libmassage_rules_capi.{a,so}` as this `cargo test` built them:
/// `target/<profile>/deps/`, beside this test's own executable. (The copies one level up
/// are only refreshed by `cargo build`, and may be stale.)
fn lib_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let deps = exe.parent().unwrap();
    for dir in [deps, deps.parent().unwrap()] {
        if dir.join("libmassage_rules_capi.a").exists() {
            return dir.to_path_buf();
        }
    }
    panic!(
        "libmassage_rules_capi.a not found next to {}",
        deps.display()
    );
}

/// A file in this run's scratch folder, removed when the test is done with it (and the
/// folder with the last one): the test binaries are tens of megabytes each.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        if let Some(dir) = self.0.parent() {
            // Fails while another test still has a file there; the last one removes it.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("massage-rules-capi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    Scratch(dir.join(name))
}

fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    stdout
}

fn compile(compiler: &str, flags: &[&str], source: &Path, out: &Path) {
    let lib = lib_dir().join("libmassage_rules_capi.a");
    run(Command::new(compiler)
        .args(flags)
        .args(["-Wall", "-Wextra", "-Wpedantic", "-Werror", "-g", "-I"])
        .arg(manifest_dir().join("include"))
        .arg(source)
        .args(["-x", "none"])
        .arg(lib)
        .args(["-lpthread", "-ldl", "-lm", "-o"])
        .arg(out));
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn c_tests_pass() {
    let exe = scratch("test_capi");
    compile(
        "cc",
        &["-std=c99"],
        &manifest_dir().join("tests/c/test_capi.c"),
        &exe,
    );
    let stdout = run(&mut Command::new(&exe));
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    println!("C tests: {stdout}");
}

#[test]
fn c_tests_are_clean_under_valgrind() {
    if !have("valgrind") {
        if std::env::var_os("CI").is_some() {
            panic!("valgrind is required in CI (.ci/run installs it)");
        }
        eprintln!("valgrind not installed: skipped");
        return;
    }
    let exe = scratch("test_capi_valgrind");
    compile(
        "cc",
        &["-std=c99"],
        &manifest_dir().join("tests/c/test_capi.c"),
        &exe,
    );
    let stdout = run(Command::new("valgrind")
        .args([
            "--quiet",
            "--error-exitcode=99",
            "--leak-check=full",
            "--show-leak-kinds=definite,indirect,possible",
            "--errors-for-leak-kinds=definite,indirect,possible",
        ])
        // jiff's process-wide cache of the time zones it has read, and nothing else.
        .arg(format!(
            "--suppressions={}",
            manifest_dir().join("tests/valgrind.supp").display()
        ))
        .arg(&exe));
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

/// Whether gcc can build and run a program with AddressSanitizer and UBSan here.
fn sanitizers_work() -> bool {
    let src = scratch("probe.c");
    let exe = scratch("probe");
    std::fs::write(&src, "int main(void) { return 0; }\n").unwrap();
    Command::new("cc")
        .args(["-fsanitize=address,undefined", "-o"])
        .arg(&exe)
        .arg(&src)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(&exe).status().is_ok_and(|s| s.success())
}

/// The C side under AddressSanitizer and UBSan, beside valgrind: out-of-bounds reads and
/// writes, use after free and undefined behaviour in the C client, at the boundary with
/// the library.
#[test]
fn c_tests_are_clean_under_asan_and_ubsan() {
    if !sanitizers_work() {
        if std::env::var_os("CI").is_some() {
            panic!("gcc's AddressSanitizer and UBSan are expected in CI");
        }
        eprintln!("sanitizers not available: skipped");
        return;
    }
    let exe = scratch("test_capi_asan");
    compile(
        "cc",
        &[
            "-std=c99",
            "-fsanitize=address,undefined",
            "-fno-sanitize-recover=all",
            "-fno-omit-frame-pointer",
        ],
        &manifest_dir().join("tests/c/test_capi.c"),
        &exe,
    );
    let stdout = run(Command::new(&exe)
        .env("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=1")
        .env("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1"));
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
}

#[test]
fn header_compiles_as_cpp() {
    let exe = scratch("test_header_cpp");
    compile(
        "c++",
        &["-std=c++11", "-x", "c++"],
        &manifest_dir().join("tests/c/test_header.cpp"),
        &exe,
    );
    let stdout = run(&mut Command::new(&exe));
    assert!(stdout.contains("C++ client: ok"), "{stdout}");
}

#[test]
fn c_example_runs() {
    let exe = scratch("screen_example");
    compile(
        "cc",
        &["-std=c99"],
        &manifest_dir().join("examples/screen.c"),
        &exe,
    );
    let stdout = run(&mut Command::new(&exe));
    assert!(stdout.contains("screening (MR_OK)"), "{stdout}");
    assert!(stdout.contains("\"outcome\":\"restricted\""), "{stdout}");
    assert!(stdout.contains("\"schedule\""), "{stdout}");
}

#[test]
fn python_example_runs() {
    let python = if have("python3") { "python3" } else { "python" };
    let stdout = run(Command::new(python)
        .arg(manifest_dir().join("examples/python/example.py"))
        .env(
            "MASSAGE_RULES_LIB",
            lib_dir().join("libmassage_rules_capi.so"),
        ));
    assert!(stdout.contains("python client: ok"), "{stdout}");
}
