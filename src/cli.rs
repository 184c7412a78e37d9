//! Command-line interface: parse arguments, build a configuration, call the
//! library, print diagnostics, map results to exit codes.
//!
//! Exit codes: 0 fine; 1 findings under `--strict`, or differences found by
//! `regress`; 2 failure (unreadable input, unwritable output).

use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unrec::diagnostic::Severity;
use unrec::emit::{self, Format};
use unrec::{Config, Extraction, regress};

const EXAMPLES: &str = "\
Examples:
  unrec extract fixtures/seed/seed.txt -f csv -o recommendations.csv
  unrec extract background-paper.pdf -f json --strict
  unrec extract background-paper.pdf --index index.pdf -f csv
  unrec crosscheck background-paper.pdf index.pdf
  cat paper.txt | unrec extract - -f jsonl
  unrec regress fixtures
  unrec regress my-cases --bless";

#[derive(Parser)]
#[command(name = "unrec", version, about = "Extract exact, checked records of the recommendations in UN documents", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Rebuild a damaged PDF whose cross-reference data leads to no pages
    /// from the objects in the file (with a warning) instead of failing.
    #[arg(long, global = true)]
    repair: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the recommendations of one document.
    #[command(after_help = EXAMPLES)]
    Extract {
        /// The document (text or PDF), or `-` for standard input.
        input: PathBuf,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Exit with 1 when an error-level diagnostic is found.
        #[arg(long)]
        strict: bool,
        /// Print no diagnostics on standard error.
        #[arg(short, long)]
        quiet: bool,
        /// Cross-check against this index: adds themes and findings.
        #[arg(long, value_name = "INDEX")]
        index: Option<PathBuf>,
    },
    /// Extract many documents in parallel into a folder, with a manifest.
    ///
    /// Writes one output file per input and `manifest.json` (what became of
    /// each input). A file that cannot be read is recorded and the others go
    /// on; the exit code is then 2.
    #[command(after_help = BATCH_EXAMPLES)]
    Batch {
        /// Documents, or folders searched for `.pdf` and `.txt` files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The folder for the outputs and the manifest.
        #[arg(short, long)]
        output: PathBuf,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = FormatArg::Csv)]
        format: FormatArg,
        /// Cross-check every document against this index.
        #[arg(long, value_name = "INDEX")]
        index: Option<PathBuf>,
        /// Exit with 1 when an error-level diagnostic is found in any document.
        #[arg(long)]
        strict: bool,
        /// Print no progress bar or per-file messages.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Cross-check a compilation against its index and print a report.
    #[command(after_help = EXAMPLES)]
    Crosscheck {
        /// The compilation (text or PDF).
        document: PathBuf,
        /// The index (text or PDF).
        index: PathBuf,
        /// Report format.
        #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Exit with 1 when an error-level finding is made.
        #[arg(long)]
        strict: bool,
    },
    /// Print the lines the reader sees, with position, size and kind.
    ///
    /// Each line is printed with its page and line number, position, font
    /// size, line pitch, and what the clean stage took it for: running
    /// `text` or a kind of furniture (header, footer, footnote).
    Lines {
        /// The document (text or PDF), or `-` for standard input.
        input: PathBuf,
    },
    /// Run every case folder `DIR/<case>/` against its `expected.*` files.
    Regress {
        /// The folder of case folders.
        dir: PathBuf,
        /// Rewrite the expected files from the current output.
        #[arg(long)]
        bless: bool,
    },
}

const BATCH_EXAMPLES: &str = "\
Examples:
  unrec batch session-documents/ -o records/
  unrec batch paper-2019.pdf paper-2021.pdf -o records/ -f jsonl --index index.pdf";

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
    Jsonl,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
        }
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let config = Config {
        read: unrec::read::ReadOptions {
            repair: cli.repair,
            ..Default::default()
        },
        kind: None,
    };
    let config = &config;
    match cli.command {
        Command::Extract {
            input,
            format,
            output,
            strict,
            quiet,
            index,
        } => extract(
            config,
            &input,
            index.as_deref(),
            format.into(),
            output.as_deref(),
            strict,
            quiet,
        ),
        Command::Crosscheck {
            document,
            index,
            format,
            output,
            strict,
        } => crosscheck(config, &document, &index, format, output.as_deref(), strict),
        Command::Regress { dir, bless } => regress_cases(config, &dir, bless),
        Command::Lines { input } => print_lines(config, &input),
        Command::Batch {
            inputs,
            output,
            format,
            index,
            strict,
            quiet,
        } => batch(
            config,
            &inputs,
            &output,
            format.into(),
            index.as_deref(),
            strict,
            quiet,
        ),
    }
}

fn failure(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("unrec: {message}");
    ExitCode::from(2)
}

/// The input's name for records, and its bytes.
fn load(input: &Path) -> Result<(String, Vec<u8>), String> {
    if input == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("<stdin>: cannot read: {e}"))?;
        Ok(("stdin".to_string(), bytes))
    } else {
        let bytes = std::fs::read(input).map_err(|e| format!("{}: cannot read: {e}", input.display()))?;
        Ok((unrec::read::file_name(input), bytes))
    }
}

fn print_lines(config: &Config, input: &Path) -> ExitCode {
    let (name, bytes) = match load(input) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let layout = match unrec::read::read(&name, &bytes, config.read) {
        Ok(l) => l,
        Err(e) => return failure(e),
    };
    let blocks = unrec::clean::clean(&layout);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for page in &layout.pages {
        for line in &page.lines {
            let kind = blocks
                .furniture
                .iter()
                .find(|f| f.location.line == line.number && f.location.page.is_none_or(|p| p == page.number))
                .map(|f| format!("{:?}", f.kind))
                .unwrap_or_else(|| "text".to_string());
            let cells: Vec<&str> = line.cells.iter().map(|c| c.text.as_str()).collect();
            let _ = writeln!(
                out,
                "p{}:{}\tx={:.1}\ty={:.1}\tsize={:.1}\tpitch={:.1}\t{kind}\t{}",
                page.number,
                line.number,
                line.x,
                line.y,
                line.size,
                line.pitch,
                cells.join(" | ")
            );
        }
    }
    for d in &layout.diagnostics {
        eprintln!("{d}");
    }
    ExitCode::SUCCESS
}

/// Extract a document, cross-checked against an index when one is named.
fn extract_checked(config: &Config, input: &Path, index: Option<&Path>) -> Result<Extraction, String> {
    let (name, bytes) = load(input)?;
    let mut extraction = unrec::extract(&name, &bytes, config).map_err(|e| e.to_string())?;
    if let Some(index) = index {
        let (index_name, index_bytes) = load(index)?;
        let index = unrec::read_index(&index_name, &index_bytes, config).map_err(|e| e.to_string())?;
        extraction.cross_check(&index);
    }
    Ok(extraction)
}

fn exit_for(extraction: &Extraction, strict: bool) -> ExitCode {
    if strict && extraction.worst() == Some(Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn extract(
    config: &Config,
    input: &Path,
    index: Option<&Path>,
    format: Format,
    output: Option<&Path>,
    strict: bool,
    quiet: bool,
) -> ExitCode {
    let extraction = match extract_checked(config, input, index) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    if !quiet {
        print_diagnostics(&extraction);
    }
    let bytes = match emit::to_bytes(format, &extraction) {
        Ok(b) => b,
        Err(e) => return failure(e),
    };
    if let Err(e) = write_output(output, &bytes) {
        return failure(e);
    }
    exit_for(&extraction, strict)
}

fn crosscheck(
    config: &Config,
    document: &Path,
    index: &Path,
    format: ReportFormat,
    output: Option<&Path>,
    strict: bool,
) -> ExitCode {
    let extraction = match extract_checked(config, document, Some(index)) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let report = match format {
        ReportFormat::Text => emit::report::crosscheck_text(&extraction).map(Ok),
        ReportFormat::Json => emit::report::crosscheck_json(&extraction).map(|r| {
            r.map(|mut s| {
                s.push('\n');
                s
            })
        }),
    };
    let report = match report {
        Some(Ok(r)) => r,
        Some(Err(e)) => return failure(format!("cannot write JSON: {e}")),
        None => return failure("no cross-check was made"),
    };
    if let Err(e) = write_output(output, report.as_bytes()) {
        return failure(e);
    }
    exit_for(&extraction, strict)
}

fn print_diagnostics(extraction: &Extraction) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in &extraction.diagnostics {
        let _ = writeln!(err, "{d}");
    }
}

fn write_output(output: Option<&Path>, bytes: &[u8]) -> Result<(), String> {
    match output {
        Some(path) => {
            std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }
        None => std::io::stdout()
            .lock()
            .write_all(bytes)
            .map_err(|e| format!("<stdout>: cannot write: {e}")),
    }
}

fn batch(
    config: &Config,
    inputs: &[PathBuf],
    out_dir: &Path,
    format: Format,
    index: Option<&Path>,
    strict: bool,
    quiet: bool,
) -> ExitCode {
    let files = match unrec::batch::inputs(inputs) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    let index = match index.map(load) {
        Some(Ok((name, bytes))) => match unrec::read_index(&name, &bytes, config) {
            Ok(index) => Some(index),
            Err(e) => return failure(e),
        },
        Some(Err(e)) => return failure(e),
        None => None,
    };
    if let Err(e) = std::fs::create_dir_all(out_dir) {
        return failure(format!("{}: cannot create: {e}", out_dir.display()));
    }
    let bar = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let outcomes = unrec::batch::run(&files, index.as_ref(), config, &|path| {
        bar.set_message(unrec::read::file_name(path));
        bar.inc(1);
    });
    bar.finish_and_clear();

    // Two inputs with one stem (`a.pdf`, `a.txt`) get the format in their names.
    let mut stems: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for outcome in outcomes.iter().filter_map(|o| o.result.as_ref().ok()) {
        *stems
            .entry(unrec::batch::output_name(outcome, format.extension(), false))
            .or_default() += 1;
    }
    let mut manifest = Vec::with_capacity(outcomes.len());
    let (mut failed, mut errors) = (false, false);
    for outcome in &outcomes {
        let written = match &outcome.result {
            Ok(extraction) => {
                errors |= extraction.worst() == Some(Severity::Error);
                let plain = unrec::batch::output_name(extraction, format.extension(), false);
                let name = unrec::batch::output_name(
                    extraction,
                    format.extension(),
                    stems.get(&plain).is_some_and(|n| *n > 1),
                );
                let path = out_dir.join(name);
                let written = emit::to_bytes(format, extraction)
                    .map_err(|e| e.to_string())
                    .and_then(|bytes| write_output(Some(&path), &bytes));
                match written {
                    Ok(()) => Some(path),
                    Err(e) => return failure(e),
                }
            }
            Err(why) => {
                failed = true;
                if !quiet {
                    eprintln!("unrec: {why}");
                }
                None
            }
        };
        manifest.push(outcome.manifest(written.as_deref()));
    }
    let manifest_path = out_dir.join("manifest.json");
    let json = match serde_json::to_string_pretty(&manifest) {
        Ok(j) => j + "\n",
        Err(e) => return failure(format!("cannot write JSON: {e}")),
    };
    if let Err(e) = write_output(Some(&manifest_path), json.as_bytes()) {
        return failure(e);
    }
    if !quiet {
        let ok = manifest.iter().filter(|m| m.status == "ok").count();
        eprintln!(
            "{ok} of {} documents extracted; manifest: {}",
            manifest.len(),
            manifest_path.display()
        );
    }
    if failed {
        ExitCode::from(2)
    } else if strict && errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn regress_cases(config: &Config, dir: &Path, bless: bool) -> ExitCode {
    let report = match regress::run(dir, bless, config) {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    for case in &report.cases {
        println!("{}", case.summary());
        for diff in &case.differences {
            println!("{diff}");
        }
    }
    println!("{} passed, {} failed", report.passed(), report.failed());
    if report.failed() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
