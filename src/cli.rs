//! Command-line interface: parse arguments, build a configuration, call the
//! library, print diagnostics, map results to exit codes.
//!
//! Exit codes: 0 fine; 1 findings under `--strict`, or differences found by
//! `regress`; 2 failure (unreadable input, unwritable output).

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unrec::batch::Verdict;
use unrec::diagnostic::Severity;
use unrec::emit::{self, Format};
use unrec::model::Kind;
use unrec::{Config, Extraction, regress};

const EXAMPLES: &str = "\
Examples:
  unrec extract fixtures/seed/seed.txt -f csv -o recommendations.csv
  unrec extract background-paper.pdf -f json --strict
  unrec extract background-paper.pdf --index index.pdf -f csv
  unrec crosscheck background-paper.pdf index.pdf
  unrec reconcile report-2018.pdf background-paper.pdf index.pdf
  unrec extract report.pdf --kind meeting-report
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
    /// Read every document as this kind instead of detecting it.
    #[arg(long, global = true, value_enum)]
    kind: Option<KindArg>,
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Compilation,
    MeetingReport,
    Index,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Compilation => Kind::Compilation,
            KindArg::MeetingReport => Kind::MeetingReport,
            KindArg::Index => Kind::Index,
        }
    }
}

/// Flags every command that writes records shares.
#[derive(Args, Clone)]
struct OutputFlags {
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = FormatArg::Csv)]
    format: FormatArg,
    /// Exit with 1 when an error-level diagnostic is found.
    #[arg(long)]
    strict: bool,
    /// Print no diagnostics (or progress) on standard error.
    #[arg(short, long)]
    quiet: bool,
    /// Cross-check against this index: adds themes and findings.
    #[arg(long, value_name = "INDEX")]
    index: Option<PathBuf>,
}

/// Flags of the commands that print a report (`crosscheck`, `reconcile`).
#[derive(Args, Clone)]
struct ReportFlags {
    /// Report format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Output file (standard output when absent).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Exit with 1 when an error-level finding is made.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the recommendations of one document.
    #[command(after_help = EXAMPLES)]
    Extract {
        /// The document (text or PDF), or `-` for standard input.
        input: PathBuf,
        /// Output file (standard output when absent).
        #[arg(short, long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        flags: OutputFlags,
    },
    /// Extract many documents in parallel into a folder, with a manifest.
    ///
    /// Writes one output file per input and `manifest.json` (what became of
    /// each input). A file that cannot be read, or gives nothing, is recorded
    /// and the others go on; the exit code is then 2.
    #[command(after_help = BATCH_EXAMPLES)]
    Batch {
        /// Documents, or folders searched for `.pdf`, `.txt` and `.html` files.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The folder for the outputs and the manifest.
        #[arg(short, long)]
        output: PathBuf,
        /// Reconcile the inputs as one session's documents (reports,
        /// compilations, indexes): writes `reconcile.json` and gives reports
        /// matched by their dates the compilation's ordinals.
        #[arg(long)]
        reconcile: bool,
        #[command(flatten)]
        flags: OutputFlags,
    },
    /// Cross-check a compilation against its index and print a report.
    #[command(after_help = EXAMPLES)]
    Crosscheck {
        /// The compilation (text or PDF).
        document: PathBuf,
        /// The index (text or PDF).
        index: PathBuf,
        #[command(flatten)]
        report: ReportFlags,
    },
    /// Hold a session's documents against each other and print a report.
    ///
    /// Takes meeting reports, compilations and indexes in any order (kinds
    /// detected) and says, per meeting, whether the reports'
    /// recommendations, the compilation's and the index's citations agree.
    #[command(after_help = EXAMPLES)]
    Reconcile {
        /// The session's documents.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[command(flatten)]
        report: ReportFlags,
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
    /// Print the blocks the segment stage sees (paragraphs, headings, list
    /// items), each with where it starts, and the kind the document is taken for.
    Blocks {
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
        kind: cli.kind.map(Kind::from),
    };
    let config = &config;
    match cli.command {
        Command::Extract { input, output, flags } => extract(config, &input, output.as_deref(), &flags),
        Command::Crosscheck {
            document,
            index,
            report,
        } => crosscheck(
            config,
            &document,
            &index,
            report.format,
            report.output.as_deref(),
            report.strict,
        ),
        Command::Reconcile { inputs, report } => reconcile(
            config,
            &inputs,
            report.format,
            report.output.as_deref(),
            report.strict,
        ),
        Command::Regress { dir, bless } => regress_cases(config, &dir, bless),
        Command::Lines { input } => print_lines(config, &input),
        Command::Blocks { input } => print_blocks(config, &input),
        Command::Batch {
            inputs,
            output,
            reconcile,
            flags,
        } => batch(config, &inputs, &output, reconcile, &flags),
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

fn print_blocks(config: &Config, input: &Path) -> ExitCode {
    let (name, bytes) = match load(input) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let layout = match unrec::read::read(&name, &bytes, config.read) {
        Ok(l) => l,
        Err(e) => return failure(e),
    };
    let blocks = unrec::clean::clean(&layout);
    let outline = unrec::segment::Outline::new(&blocks);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = match unrec::segment::detect(&outline) {
        Some((profile, score)) => writeln!(out, "kind: {} (score {score})", profile.kind()),
        None => writeln!(out, "kind: unknown"),
    };
    for block in &blocks.blocks {
        let _ = writeln!(out, "{}\t{}", block.start, block.text);
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

fn extract(config: &Config, input: &Path, output: Option<&Path>, flags: &OutputFlags) -> ExitCode {
    let extraction = match extract_checked(config, input, flags.index.as_deref()) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    if !flags.quiet {
        print_diagnostics(&extraction);
    }
    let bytes = match emit::to_bytes(flags.format.into(), &extraction) {
        Ok(b) => b,
        Err(e) => return failure(e),
    };
    if let Err(e) = write_output(output, &bytes) {
        return failure(e);
    }
    if extraction.document.unit_count() == 0 {
        // Nothing extracted: the diagnostics say why.
        return ExitCode::from(2);
    }
    exit_for(&extraction, flags.strict)
}

fn reconcile(
    config: &Config,
    inputs: &[PathBuf],
    format: ReportFormat,
    output: Option<&Path>,
    strict: bool,
) -> ExitCode {
    let mut loaded = Vec::with_capacity(inputs.len());
    for input in inputs {
        match load(input) {
            Ok(x) => loaded.push(x),
            Err(e) => return failure(e),
        }
    }
    let session = match unrec::reconcile(&loaded, config) {
        Ok(s) => s,
        Err(e) => return failure(e),
    };
    let report = match format {
        ReportFormat::Text => emit::report::reconcile_text(&session.reconciliation),
        ReportFormat::Json => match emit::report::reconcile_json(&session.reconciliation) {
            Ok(j) => j + "\n",
            Err(e) => return failure(format!("cannot write JSON: {e}")),
        },
    };
    if let Err(e) = write_output(output, report.as_bytes()) {
        return failure(e);
    }
    if strict && session.reconciliation.worst() == Some(Severity::Error) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
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
    reconcile: bool,
    flags: &OutputFlags,
) -> ExitCode {
    let files = match unrec::batch::inputs(inputs) {
        Ok(f) => f,
        Err(e) => return failure(e),
    };
    let index = match flags.index.as_deref().map(load) {
        Some(Ok((name, bytes))) => match unrec::read_index(&name, &bytes, config) {
            Ok(index) => Some(index),
            Err(e) => return failure(e),
        },
        Some(Err(e)) => return failure(e),
        None => None,
    };
    let bar = if flags.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(files.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut outcomes = unrec::batch::run(&files, index.as_ref(), config, &|path| {
        bar.set_message(unrec::read::file_name(path));
        bar.inc(1);
    });
    bar.finish_and_clear();
    let reconciliation = reconcile.then(|| unrec::batch::reconcile(&mut outcomes));
    let manifest = match unrec::batch::write(&outcomes, out_dir, flags.format.into()) {
        Ok(m) => m,
        Err(e) => return failure(e),
    };
    if let Some(r) = &reconciliation {
        let path = out_dir.join("reconcile.json");
        let written = emit::report::reconcile_json(r)
            .map_err(|e| format!("cannot write JSON: {e}"))
            .and_then(|j| write_output(Some(&path), (j + "\n").as_bytes()));
        if let Err(e) = written {
            return failure(e);
        }
        if !flags.quiet {
            eprint!("{}", emit::report::reconcile_text(r));
        }
    }
    if !flags.quiet {
        for entry in manifest.iter().filter(|m| m.status != unrec::batch::Status::Ok) {
            eprintln!(
                "unrec: {}: {}",
                entry.input,
                entry.message.as_deref().unwrap_or("nothing extracted")
            );
        }
        let ok = manifest
            .iter()
            .filter(|m| m.status == unrec::batch::Status::Ok)
            .count();
        eprintln!(
            "{ok} of {} documents extracted; manifest: {}",
            manifest.len(),
            out_dir.join("manifest.json").display()
        );
    }
    let reconcile_errors = flags.strict && reconciliation.is_some_and(|r| r.worst() == Some(Severity::Error));
    match unrec::batch::verdict(&manifest, flags.strict) {
        Verdict::Failure => ExitCode::from(2),
        Verdict::Findings => ExitCode::from(1),
        Verdict::Fine if reconcile_errors => ExitCode::from(1),
        Verdict::Fine => ExitCode::SUCCESS,
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
