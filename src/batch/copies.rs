//! Text copies of PDFs: a folder of reports often holds `X.pdf` beside the
//! text a converter made of it (`X.pdftotext.txt`, `X.txt`). Read both, and
//! the report's recommendations would be extracted twice. So a `.txt` whose
//! name is `<stem>.pdftotext.txt` or `<stem>.txt`, when `<stem>.pdf` (the
//! extension in any case) of the same folder is an input of the run too, is
//! passed over with a reason naming that PDF. `--all-copies` reads both.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The suffix pdftotext's output is often given before `.txt`.
const CONVERTED: &str = ".pdftotext";

/// `name` less a final `.ext` (in any case), if it ends so.
fn strip_extension<'a>(name: &'a str, ext: &str) -> Option<&'a str> {
    let (stem, found) = name.rsplit_once('.')?;
    found.eq_ignore_ascii_case(ext).then_some(stem)
}

/// The folder and name of a file, by its canonical path.
fn split(canonical: &Path) -> Option<(&Path, &str)> {
    Some((canonical.parent()?, canonical.file_name()?.to_str()?))
}

/// The inputs that are text copies of another input, a PDF: each copy's
/// position among `paths` with the PDF's path as given. `paths[i]` is an
/// input's path as given, `canonical[i]` the same file's canonical path
/// (by which folders are compared).
pub(super) fn text_copies(paths: &[&Path], canonical: &[PathBuf]) -> Vec<(usize, PathBuf)> {
    let mut pdfs: HashMap<(&Path, &str), &Path> = HashMap::new();
    for (path, canonical) in paths.iter().zip(canonical) {
        if let Some((folder, name)) = split(canonical)
            && let Some(stem) = strip_extension(name, "pdf")
        {
            pdfs.entry((folder, stem)).or_insert(path);
        }
    }
    let mut copies = Vec::new();
    for (at, canonical) in canonical.iter().enumerate() {
        let Some((folder, name)) = split(canonical) else {
            continue;
        };
        let Some(base) = strip_extension(name, "txt") else {
            continue;
        };
        let stems = [base.strip_suffix(CONVERTED), Some(base)];
        if let Some(pdf) = stems
            .into_iter()
            .flatten()
            .find_map(|stem| pdfs.get(&(folder, stem)))
        {
            copies.push((at, pdf.to_path_buf()));
        }
    }
    copies
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_beside_its_pdf_is_a_copy() {
        let given = [
            "d/A_HRC_43_2.pdf",
            "d/A_HRC_43_2.pdftotext.txt",
            "d/Report.PDF",
            "d/Report.txt",
            "d/other.txt",
            "e/A_HRC_43_2.txt",
            "d/notes.pdftotext.txt",
        ];
        let paths: Vec<&Path> = given.iter().map(Path::new).collect();
        let canonical: Vec<PathBuf> = given.iter().map(|p| Path::new("/x").join(p)).collect();
        let copies = text_copies(&paths, &canonical);
        assert_eq!(
            copies,
            [
                (1, PathBuf::from("d/A_HRC_43_2.pdf")),
                (3, PathBuf::from("d/Report.PDF"))
            ]
        );
    }
}
