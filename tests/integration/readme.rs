//! README's tables are the code's: every diagnostic code with its severity,
//! every column with its type, each once, in order, and nothing else.

use unrec::diagnostic::Code;
use unrec::emit::ColumnType;

/// The first two cells of each row of README's table under `heading` (a
/// `## ` or `### ` line), the first without its backquotes.
fn table(heading: &str) -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let level = heading.split(' ').next().unwrap();
    let section = readme
        .split(&format!("\n{heading}\n"))
        .nth(1)
        .and_then(|rest| rest.split(&format!("\n{level} ")).next())
        .unwrap_or_else(|| panic!("README has a section {heading}"));
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|row| {
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`').to_string(), cells[2].to_string())
        })
        .collect()
}

#[test]
fn readme_lists_every_code_with_its_severity() {
    let expected: Vec<(String, String)> = Code::ALL
        .iter()
        .map(|c| (c.name().to_string(), c.severity().to_string()))
        .collect();
    assert_eq!(
        table("## Diagnostics"),
        expected,
        "README's table differs from the Code enum"
    );
}

#[test]
fn readme_lists_every_column_with_its_type() {
    let expected: Vec<(String, String)> = unrec::emit::columns::all()
        .map(|c| {
            let ty = match c.ty {
                ColumnType::Text => "text",
                ColumnType::Integer => "integer",
                ColumnType::Date => "date",
                ColumnType::Boolean => "boolean",
                ColumnType::List { .. } => "list",
                _ => "other",
            };
            (c.name.to_string(), ty.to_string())
        })
        .collect();
    assert_eq!(
        table("### Columns"),
        expected,
        "README's Columns table differs from the column table"
    );
}

/// README's table of kinds is the registry's, in its order.
#[test]
fn readme_lists_every_kind() {
    let listed: Vec<String> = table("### Kinds").into_iter().map(|(kind, _)| kind).collect();
    let registered: Vec<String> = unrec::model::Kind::ALL
        .iter()
        .map(|k| k.name().to_string())
        .collect();
    assert_eq!(
        listed, registered,
        "README's Kinds table differs from the registry"
    );
}
