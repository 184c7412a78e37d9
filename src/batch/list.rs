//! Inputs named in a list, one path a line (`--files-from FILE`, and `-`
//! for standard input, as `ls *.pdf | unrec batch - -o out` gives it).
//! Blank lines are skipped; a line's end (`\n` or `\r\n`) is no part of its
//! path, and any other byte is (a name may begin or end with a space).

use super::BatchError;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

/// What stands for standard input among the inputs and as the list.
const STDIN: &str = "-";

/// The paths listed in `reader`, one a line.
pub fn read_paths(reader: impl BufRead) -> std::io::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for line in reader.split(b'\n') {
        let mut line = line?;
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        paths.push(path_of(line));
    }
    Ok(paths)
}

/// A path from a line's bytes: as they are on Unix, where a name is any
/// bytes; elsewhere as UTF-8, an invalid sequence replaced.
fn path_of(bytes: Vec<u8>) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// The paths of a run: those given, each `-` replaced by the paths listed
/// on `stdin`, then those listed in `files_from` (`-`: on `stdin`).
/// Standard input can be read once: naming it twice is refused, and so
/// is a run left with no path at all (an empty list).
pub fn expand(
    paths: &[PathBuf],
    files_from: Option<&Path>,
    stdin: impl Read,
) -> Result<Vec<PathBuf>, BatchError> {
    let is_stdin = |p: &Path| p == Path::new(STDIN);
    let uses = paths.iter().filter(|p| is_stdin(p)).count() + usize::from(files_from.is_some_and(is_stdin));
    if uses > 1 {
        return Err(BatchError::StdinTwice);
    }
    let mut stdin = Some(stdin);
    let mut from_stdin = || -> Result<Vec<PathBuf>, BatchError> {
        let reader = std::io::BufReader::new(stdin.take().ok_or(BatchError::StdinTwice)?);
        read_paths(reader).map_err(|source| BatchError::List {
            path: PathBuf::from("<stdin>"),
            source,
        })
    };
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        if is_stdin(path) {
            out.extend(from_stdin()?);
        } else {
            out.push(path.clone());
        }
    }
    match files_from {
        Some(list) if is_stdin(list) => out.extend(from_stdin()?),
        Some(list) => {
            let error = |source| BatchError::List {
                path: list.to_path_buf(),
                source,
            };
            let file = std::fs::File::open(list).map_err(error)?;
            out.extend(read_paths(std::io::BufReader::new(file)).map_err(error)?);
        }
        None => {}
    }
    if out.is_empty() {
        return Err(BatchError::NoInputs);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_paths_and_blank_lines_are_skipped() {
        let listed = read_paths(&b"a.pdf\r\n\n  \nb c.txt\n d.pdf \nlast.htm"[..]).unwrap();
        let expected: Vec<PathBuf> = ["a.pdf", "b c.txt", " d.pdf ", "last.htm"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(listed, expected);
    }

    #[test]
    fn dash_reads_standard_input_once() {
        let given = [PathBuf::from("x.pdf"), PathBuf::from("-")];
        let paths = expand(&given, None, &b"a.txt\nb.txt\n"[..]).unwrap();
        assert_eq!(paths, ["x.pdf", "a.txt", "b.txt"].map(PathBuf::from));
        let twice = expand(&given, Some(Path::new("-")), &b"a.txt\n"[..]);
        assert!(matches!(twice, Err(BatchError::StdinTwice)));
        let only_list = expand(&[], Some(Path::new("-")), &b"\na.txt\n"[..]).unwrap();
        assert_eq!(only_list, [PathBuf::from("a.txt")]);
        let empty = expand(&[PathBuf::from("-")], None, &b"\n\n"[..]);
        assert!(matches!(empty, Err(BatchError::NoInputs)));
        let missing = expand(&[], Some(Path::new("/no/such/list")), &b""[..]);
        assert!(matches!(missing, Err(BatchError::List { .. })));
    }
}
