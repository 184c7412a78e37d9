//! Command-line interface: parse arguments, build a configuration, call the
//! library, print diagnostics, map results to exit codes.
//!
//! Exit codes: 0 fine; 1 findings under `--strict`, or differences found by
//! `regress`; 2 failure (unreadable input, unwritable output).

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unrec::diagnostic::Severity;
use unrec::emit::{self, Format};
use unrec::{Config, Extraction, regress};

const EXAMPLES: &str = "\
Examples:
  unrec extract fixtures/seed/seed.txt -f csv -o recommendations.csv
  unrec extract background-paper.txt -f json --strict
  cat paper.txt | unrec extract - -f jsonl
  unrec regress fixtures
  unrec regress my-cases --bless";

#[derive(Parser)]
#[command(name = "unrec", version, about = "Extract exact, checked records of the recommendations in UN documents", after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the recommendations of one document.
    #[command(after_help = EXAMPLES)]
    Extract {
        /// The document (text), or `-` for standard input.
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
    },
    /// Print the lines the reader sees, page by page, with position, size
    /// and what the clean stage made of each (furniture kind or `text`).
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
    match cli.command {
        Command::Extract {
            input,
            format,
            output,
            strict,
            quiet,
        } => extract(&input, format.into(), output.as_deref(), strict, quiet),
        Command::Regress { dir, bless } => regress_cases(&dir, bless),
        Command::Lines { input } => print_lines(&input),
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

fn print_lines(input: &Path) -> ExitCode {
    let (name, bytes) = match load(input) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let layout = match unrec::read::read(&name, &bytes, Default::default()) {
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

fn extract(input: &Path, format: Format, output: Option<&Path>, strict: bool, quiet: bool) -> ExitCode {
    let (name, bytes) = match load(input) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let extraction = match unrec::extract(&name, &bytes, &Config::default()) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    if !quiet {
        print_diagnostics(&extraction);
    }
    if let Err(e) = write_output(format, output, &extraction) {
        return failure(e);
    }
    if strict && extraction.worst() == Some(Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(extraction: &Extraction) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in &extraction.diagnostics {
        let _ = writeln!(err, "{d}");
    }
}

fn write_output(format: Format, output: Option<&Path>, extraction: &Extraction) -> Result<(), String> {
    let bytes = emit::to_bytes(format, extraction).map_err(|e| e.to_string())?;
    match output {
        Some(path) => {
            std::fs::write(path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
        }
        None => std::io::stdout()
            .lock()
            .write_all(&bytes)
            .map_err(|e| format!("<stdout>: cannot write: {e}")),
    }
}

fn regress_cases(dir: &Path, bless: bool) -> ExitCode {
    let report = match regress::run(dir, bless, &Config::default()) {
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
