//! README's table of diagnostic codes is the enum's: every code once, with
//! its severity, and nothing else.

use unrec::diagnostic::Code;

#[test]
fn readme_lists_every_code_with_its_severity() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split("\n## Diagnostics\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has a Diagnostics section");
    let mut listed: Vec<(String, String)> = Vec::new();
    for row in table.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let (code, severity) = (cells[1].trim_matches('`'), cells[2]);
        listed.push((code.to_string(), severity.to_string()));
    }
    let expected: Vec<(String, String)> = Code::ALL
        .iter()
        .map(|c| (c.name().to_string(), c.severity().to_string()))
        .collect();
    assert_eq!(listed.len(), Code::ALL.len());
    assert_eq!(listed, expected, "README's table differs from the Code enum");
}
