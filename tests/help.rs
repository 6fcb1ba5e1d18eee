//! Every command and every flag is explained: in its `--help` text, in `docs/commands.md`, and
//! every command in the README's table. A flag added without a word of help or documentation
//! fails here.

use assert_cmd::Command;
use std::path::Path;

fn help(args: &[&str]) -> String {
    let output = Command::cargo_bin("archivar")
        .expect("the archivar binary")
        .args(args)
        .arg("--help")
        .output()
        .expect("archivar runs");
    assert!(output.status.success(), "`archivar {args:?} --help` failed");
    String::from_utf8(output.stdout).expect("help is UTF-8")
}

/// The names of the lines of a help section (`Commands:` or `Options:`) with the text that
/// explains each (the rest of its line and the lines indented below it).
fn entries(help: &str, section: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    for line in help.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            inside = line.trim_end() == section;
            continue;
        }
        if !inside || line.trim().is_empty() {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let starts_entry = indent <= 6 && (section != "Options:" || trimmed.starts_with('-'));
        if starts_entry {
            let name = trimmed
                .split([' ', ','])
                .find(|word| section != "Options:" || word.starts_with("--"))
                .unwrap_or(trimmed)
                .split('=')
                .next()
                .unwrap_or_default()
                .to_string();
            let rest = trimmed.split_once("  ").map_or("", |(_, rest)| rest.trim());
            entries.push((name, rest.to_string()));
        } else if let Some((_, text)) = entries.last_mut() {
            text.push(' ');
            text.push_str(trimmed);
        }
    }
    entries
}

fn commands() -> Vec<(String, String)> {
    entries(&help(&[]), "Commands:")
        .into_iter()
        .filter(|(name, _)| name != "help")
        .collect()
}

fn read(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The part of `docs/commands.md` under the `##` heading that names `command`.
fn documented_section(docs: &str, command: &str) -> String {
    let mut section = String::new();
    let mut inside = false;
    for line in docs.lines() {
        if let Some(heading) = line.strip_prefix("## ") {
            inside = heading.split([',', ' ']).any(|word| word.trim() == command);
            continue;
        }
        if inside {
            section.push_str(line);
            section.push('\n');
        }
    }
    section
}

#[test]
fn there_are_commands_to_check() {
    let names: Vec<String> = commands().into_iter().map(|(name, _)| name).collect();
    for expected in [
        "index", "search", "people", "topics", "timeline", "serve", "eval",
    ] {
        assert!(
            names.iter().any(|name| name == expected),
            "{expected} in {names:?}"
        );
    }
}

#[test]
fn every_command_is_explained_and_documented() {
    let readme = read("README.md");
    let docs = read("docs/commands.md");
    for (command, text) in commands() {
        assert!(
            text.split_whitespace().count() >= 4,
            "`archivar --help` explains {command} in a few words, not {text:?}"
        );
        assert!(
            readme.contains(&format!("`archivar {command}")),
            "the README's command table lists {command}"
        );
        assert!(
            !documented_section(&docs, &command).is_empty(),
            "docs/commands.md has a section for {command}"
        );
    }
}

#[test]
fn every_flag_is_explained_and_documented() {
    let docs = read("docs/commands.md");
    for (command, _) in commands() {
        let options = entries(&help(&[&command]), "Options:");
        assert!(
            options.iter().any(|(flag, _)| flag == "--help"),
            "{command}: no options read from its help"
        );
        let section = documented_section(&docs, &command);
        for (flag, text) in options {
            if flag == "--help" || flag == "--version" {
                continue;
            }
            assert!(
                text.split_whitespace().count() >= 3,
                "`archivar {command} --help` explains {flag} in a few words, not {text:?}"
            );
            assert!(
                section.contains(&format!("`{flag}")) || section.contains(&format!(", `{flag}")),
                "docs/commands.md documents {flag} of {command}"
            );
        }
    }
}
