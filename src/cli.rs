//! Command-line interface: parse arguments, build a configuration, call the
//! library, print diagnostics, map results to exit codes.
//!
//! Exit codes: 0 fine; 1 findings under `--strict`, or differences found by
//! `regress`; 2 failure (unreadable input, unwritable output).

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
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
    /// Refuse a damaged PDF instead of rebuilding it from the objects in
    /// the file (by default it is rebuilt, with a `pdf_rebuilt` warning).
    #[arg(long, global = true)]
    no_repair: bool,
    /// Damaged PDFs are rebuilt by default; kept so that older scripts run.
    #[arg(long, global = true, hide = true, conflicts_with = "no_repair")]
    repair: bool,
    /// Refuse an input larger than this many bytes (read no further); the
    /// same as `--limit input-bytes=BYTES`.
    #[arg(long, global = true, value_name = "BYTES", default_value_t = unrec::batch::DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Set a limit, NAME=N (N may end in k, M or G): input-bytes,
    /// text-bytes, line-bytes, lines-per-paragraph, units, pages, objects,
    /// stream-bytes, document-stream-bytes, nesting, operators-per-page,
    /// document-operators, glyphs-per-page. Repeat for several.
    #[arg(long = "limit", global = true, value_name = "NAME=N")]
    limits: Vec<String>,
    /// Read every document as this kind instead of detecting it.
    #[arg(long, global = true, value_parser = kind_parser())]
    kind: Option<Kind>,
    /// Colour the severity of diagnostics on standard error (error red,
    /// warning yellow): `auto` when standard error is a terminal and
    /// NO_COLOR is not set (to anything but nothing).
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// How diagnostics and messages are written on standard error: as
    /// `human` text, or as `json`, one object a line (a diagnostic as a
    /// line of batch's `diagnostics.jsonl`; a batch's document as a line
    /// of its `manifest.jsonl`; any other message `{"severity", "message"}`).
    #[arg(long, global = true, value_enum, value_name = "FORMAT", default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

/// `--message-format`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum MessageFormat {
    Human,
    Json,
}

/// `--color`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether standard error is a terminal and
    /// the value of NO_COLOR (no-color.org: set and not empty turns colour
    /// off).
    fn wanted(self, terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && no_color.is_none_or(|v| v.is_empty()),
        }
    }
}

/// How messages are written on standard error, set once from the flags.
#[derive(Clone, Copy, Default)]
struct Style {
    /// Colour the severity word of diagnostics.
    color: bool,
    /// Every message a JSON object on a line of its own.
    json: bool,
}

static STYLE: std::sync::OnceLock<Style> = std::sync::OnceLock::new();

fn style() -> Style {
    STYLE.get().copied().unwrap_or_default()
}

/// The command line, with the help texts made from the code's own lists.
fn command() -> clap::Command {
    Cli::command().mut_subcommand("batch", |batch| {
        batch.mut_arg("inputs", |inputs| inputs.help(batch_inputs_help()))
    })
}

/// The help of `batch`'s inputs: the extensions it takes from folders are
/// those of [`unrec::batch::EXTENSIONS`], the list it takes them by.
fn batch_inputs_help() -> String {
    let extensions: Vec<String> = unrec::batch::EXTENSIONS
        .iter()
        .map(|e| format!("`.{e}`"))
        .collect();
    let listed = match extensions.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => extensions.concat(),
    };
    format!(
        "Documents, or folders searched for the files whose names end in {listed} (in any case); \
         `-` reads paths from standard input, one a line."
    )
}

/// `--kind`: the registry's kinds, by name.
fn kind_parser() -> impl clap::builder::TypedValueParser<Value = Kind> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Kind::ALL.iter().map(|k| k.name()))
        .map(|name: String| Kind::from_name(&name).unwrap_or(Kind::Unknown))
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
    /// Hold the document against this one, in the role its detected kind
    /// gives it: a WG.7 index (themes and cross-check findings for a
    /// compilation or meeting report), or a UPR thematic list or addendum
    /// (responses, themes, SDGs, groups of persons for a UPR report).
    #[arg(long, value_name = "INDEX")]
    index: Option<PathBuf>,
}

/// Flags of the commands that print a report (`crosscheck`, `reconcile`).
#[derive(Args, Clone)]
struct ReportFlags {
    /// Report format.
    #[arg(short, long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Output file (standard output when absent or `-`).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Exit with 1 when an error-level finding is made.
    #[arg(long)]
    strict: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the recommendations of one document or several.
    ///
    /// The records of several inputs go into one output, each record
    /// naming its file: in CSV under one header, in JSON as one array of
    /// documents, in JSONL line after line. An input that cannot be read
    /// is reported and the others still go out; the exit code is then 2.
    #[command(after_help = EXAMPLES)]
    Extract {
        /// The documents: PDF, Word (.docx), text or HTML; `-` for standard input.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output file (standard output when absent or `-`).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The State's responses (a UPR addendum; a thematic list is taken
        /// too): fills `response`. Repeat for several.
        #[arg(long, value_name = "ADDENDUM")]
        responses: Vec<PathBuf>,
        /// Join an addendum or thematic list even when it names another
        /// review than the report's (by default it is refused, exit 2).
        #[arg(long)]
        force_join: bool,
        /// Print the time each stage took on standard error.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        flags: OutputFlags,
    },
    /// Extract many documents in parallel into a folder, with a manifest.
    ///
    /// Writes each document's output under `documents/` (named by its path
    /// relative to its input root), the combined `recommendations.<ext>` and
    /// `diagnostics.jsonl`, and `manifest.json` (what became of each input);
    /// `manifest.jsonl` logs each document as it finishes, for `--resume`.
    /// Each document is extracted in a process of its own. A file that
    /// fails, runs out of time or memory, gives nothing or loses units past
    /// the units limit (`truncated`) is recorded and the others go on; the
    /// exit code is then 2. Ctrl-C or SIGTERM stops the run with its
    /// manifest written and its lock removed (exit 2).
    #[command(after_help = BATCH_EXAMPLES)]
    Batch(BatchArgs),
    /// Cross-check a compilation against its index and print a report.
    #[command(after_help = EXAMPLES)]
    Crosscheck {
        /// The compilation (PDF, Word (.docx), text or HTML).
        document: PathBuf,
        /// The index (PDF, Word (.docx), text or HTML).
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
    /// `text` or a kind of furniture (header, footer, footnote). A raised
    /// footnote mark after a word is a token of the line's text and follows
    /// the line as `note`, with its position; units' texts leave it out.
    Lines {
        /// The document (PDF, Word (.docx), text or HTML), or `-` for standard input.
        input: PathBuf,
        /// After each line that ends in a hyphen, how it is read: kept or
        /// joined, and why (the document's words, the word list, whether
        /// the document hyphenates).
        #[arg(long)]
        hyphens: bool,
    },
    /// Print the blocks the segment stage sees (paragraphs, headings, list
    /// items), each with where it starts, and the kind the document is taken for.
    Blocks {
        /// The document (PDF, Word (.docx), text or HTML), or `-` for standard input.
        input: PathBuf,
    },
    /// Print the SQL schema of the database `--db` writes (SQLite and
    /// PostgreSQL both take it): documents, groups, units with every
    /// column, a link table per list column, diagnostics.
    Schema,
    /// Print a completion script for SHELL on standard output.
    ///
    /// bash: `unrec completions bash > ~/.local/share/bash-completion/completions/unrec`;
    /// zsh: into a folder of `$fpath` as `_unrec`; fish:
    /// `~/.config/fish/completions/unrec.fish`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print unrec's manual page (roff) on standard output:
    /// `unrec man > unrec.1; man ./unrec.1`.
    Man,
    /// Run every case folder `DIR/<case>/` against its `expected.*` files.
    Regress {
        /// The folder of case folders.
        dir: PathBuf,
        /// Rewrite the expected files from the current output.
        #[arg(long)]
        bless: bool,
    },
}

/// The arguments of `batch`.
#[derive(Args)]
struct BatchArgs {
    /// Documents, or folders searched for the documents unrec reads; `-`
    /// reads paths from standard input, one a line. (The help shows
    /// `batch_inputs_help`, which names the extensions.)
    #[arg(required_unless_present = "files_from")]
    inputs: Vec<PathBuf>,
    /// Read paths from this file too, one a line, blank lines skipped
    /// (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// The folder for the outputs and the manifest.
    #[arg(short, long)]
    output: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Go on with an earlier run into the same folder: inputs whose bytes
    /// and options are unchanged are skipped.
    #[arg(long)]
    resume: bool,
    /// Write into a folder that holds another run's outputs.
    #[arg(long)]
    force: bool,
    /// Follow symbolic links (never in a loop).
    #[arg(long)]
    follow: bool,
    /// Of the files found in folders, take only those whose name matches
    /// PATTERN (a shell glob: `*`, `?`, `[a-z]`, `**`), or whose path
    /// below the folder given does when PATTERN holds a `/`. Repeat for
    /// several; paths given are always taken.
    #[arg(long = "glob", value_name = "PATTERN")]
    globs: Vec<unrec::batch::Glob>,
    /// Pass over the files and folders found in folders that match
    /// PATTERN (as `--glob` matches). Repeat for several.
    #[arg(long = "exclude", value_name = "PATTERN")]
    excludes: Vec<unrec::batch::Glob>,
    /// Read a text copy beside its PDF too: by default `X.pdftotext.txt`
    /// or `X.txt` is passed over (recorded as `skipped`, reason
    /// `text_copy`) when `X.pdf` of the same folder is an input too.
    #[arg(long)]
    all_copies: bool,
    /// Take shard I of N of the inputs (by a hash of their paths), e.g. `1/4`.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    shard: Option<(u64, u64)>,
    /// Also write the records into this SQLite database (created when absent).
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// Stop a document's extraction after this many seconds (its worker
    /// process is killed); it is recorded as failed, reason `timeout`.
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
    /// The memory (address space) one document's worker process may take,
    /// in bytes (k, M, G suffixes taken); past it the document is recorded
    /// as failed, reason `oom`, and the run goes on.
    #[arg(long, value_name = "BYTES", value_parser = parse_bytes)]
    max_memory: Option<u64>,
    /// Prefix CSV cells a spreadsheet would run as formulas with `'`.
    #[arg(long)]
    csv_safe: bool,
    /// Print each document's message whole, on its line, those of the
    /// documents of no known kind and of the paths passed over too (by
    /// default a line of at most 200 characters for each that failed or
    /// gave nothing).
    #[arg(short, long)]
    verbose: bool,
    /// Reconcile the inputs as one session's documents (reports,
    /// compilations, indexes): writes `reconcile.json` and gives reports
    /// matched by their dates the compilation's ordinals.
    #[arg(long)]
    reconcile: bool,
    #[command(flatten)]
    flags: OutputFlags,
}

impl BatchArgs {
    /// Which files the run takes.
    fn selection(&self) -> unrec::batch::Selection {
        unrec::batch::Selection {
            follow: self.follow,
            shard: self.shard,
            globs: self.globs.clone(),
            excludes: self.excludes.clone(),
            all_copies: self.all_copies,
        }
    }

    /// The run's options.
    fn options(&self) -> unrec::batch::Options {
        unrec::batch::Options {
            format: self.flags.format.into(),
            jobs: self.jobs,
            resume: self.resume,
            force: self.force,
            shard: self.shard,
            timeout: self
                .timeout
                .filter(|t| t.is_finite() && *t > 0.0)
                .map(std::time::Duration::from_secs_f64),
            csv_safe: self.csv_safe,
            db: self.db.clone(),
            reconcile: self.reconcile,
            // Each document in a process of this program's own.
            worker: std::env::current_exe().ok().map(|program| unrec::batch::Worker {
                program,
                args: vec![WORKER.into()],
                companions: self.flags.index.iter().cloned().collect(),
            }),
            max_memory: self.max_memory,
            stop: None,
        }
    }
}

/// A byte count, with an optional k, M or G (binary) suffix.
fn parse_bytes(text: &str) -> Result<u64, String> {
    let mut limits = unrec::limits::Limits::default();
    limits
        .apply(&format!("input-bytes={text}"))
        .map_err(|_| format!("{text}: give a number of bytes, e.g. 512M"))?;
    Ok(limits.input_bytes)
}

const BATCH_EXAMPLES: &str = "\
Examples:
  unrec batch session-documents/ -o records/
  unrec batch paper-2019.pdf paper-2021.pdf -o records/ -f jsonl --index index.pdf
  unrec batch archive/ -o records/ --db records.sqlite --jobs 2
  unrec batch archive/ -o records/ --resume
  unrec batch archive/ -o shard-3/ --shard 3/8 --db shard-3.sqlite
  ls *.pdf | unrec batch - -o records/
  unrec batch --files-from reports.list -o records/";

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    // One self-contained page: counts, then each finding with its texts.
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
    Jsonl,
    /// Typed columns for DuckDB, pandas, polars and Spark (to a file: `-o`).
    #[cfg(feature = "parquet")]
    Parquet,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Csv => Format::Csv,
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            #[cfg(feature = "parquet")]
            FormatArg::Parquet => Format::Parquet,
        }
    }
}

/// The configuration the global flags give.
fn config(cli: &Cli) -> Result<Config, unrec::limits::SettingError> {
    let mut limits = unrec::limits::Limits {
        input_bytes: cli.max_bytes,
        ..Default::default()
    };
    for setting in &cli.limits {
        limits.apply(setting)?;
    }
    Ok(Config {
        read: unrec::read::ReadOptions {
            repair: !cli.no_repair,
            limits,
        },
        kind: cli.kind,
    })
}

/// The argument that makes this process a batch's worker, which extracts
/// the document a request on standard input names and answers its manifest
/// entry (started by `batch` itself). No subcommand, so that no help,
/// completion or manual page lists it.
const WORKER: &str = "__work";

pub fn run() -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|a| a == WORKER) {
        return ExitCode::from(unrec::batch::serve(
            std::io::stdin().lock(),
            std::io::stdout().lock(),
        ));
    }
    let cli = match Cli::from_arg_matches(&command().get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let no_color = std::env::var_os("NO_COLOR");
    let _ = STYLE.set(Style {
        color: cli
            .color
            .wanted(std::io::stderr().is_terminal(), no_color.as_deref()),
        json: cli.message_format == MessageFormat::Json,
    });
    let config = match config(&cli) {
        Ok(config) => config,
        Err(e) => return failure(format!("--limit {e}")),
    };
    let config = &config;
    match cli.command {
        Command::Extract {
            inputs,
            output,
            responses,
            force_join,
            timings,
            flags,
        } => extract(
            config,
            &inputs,
            to_file(output.as_deref()),
            (&responses, force_join),
            timings,
            &flags,
        ),
        Command::Crosscheck {
            document,
            index,
            report,
        } => crosscheck(
            config,
            &document,
            &index,
            report.format,
            to_file(report.output.as_deref()),
            report.strict,
        ),
        Command::Reconcile { inputs, report } => reconcile(
            config,
            &inputs,
            report.format,
            to_file(report.output.as_deref()),
            report.strict,
        ),
        Command::Regress { dir, bless } => regress_cases(config, &dir, bless),
        Command::Lines { input, hyphens } => print_lines(config, &input, hyphens),
        Command::Blocks { input } => print_blocks(config, &input),
        Command::Schema => write_or_fail(emit::sqlite::schema().as_bytes()),
        Command::Batch(args) => batch(config, &args),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut command(), "unrec", &mut out);
            write_or_fail(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(command()).render(&mut out) {
                Ok(()) => write_or_fail(&out),
                Err(e) => failure(e),
            }
        }
    }
}

/// Write to standard output: exit 0, or 2 when it cannot be written.
fn write_or_fail(bytes: &[u8]) -> ExitCode {
    match write_output(None, bytes) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => failure(e),
    }
}

fn failure(message: impl std::fmt::Display) -> ExitCode {
    complain(message);
    ExitCode::from(2)
}

/// Say on standard error that something failed: `unrec: …`, or an
/// error-level JSON object.
fn complain(message: impl std::fmt::Display) {
    if style().json {
        notice(Severity::Error, &message.to_string());
    } else {
        say(&format!("unrec: {message}"));
    }
}

/// A message that is no diagnostic, as a JSON object on a line of its own.
fn notice(severity: Severity, message: &str) {
    #[derive(serde::Serialize)]
    struct Notice<'a> {
        severity: Severity,
        message: &'a str,
    }
    let notice = Notice { severity, message };
    if let Ok(line) = serde_json::to_string(&notice) {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

/// Print a message on standard error, a line, its control characters
/// escaped.
fn say(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{}", printable(message));
}

/// A message as a terminal may show it: control characters (C0 but the
/// tab, C1, DEL) and the bidirectional controls that reorder what is
/// shown written as `\u{..}` escapes, so that a file name or a
/// document's text cannot move the cursor, recolour or hide text.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let escaped = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if !text.chars().any(escaped) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The input's name for records, and its bytes.
fn load(input: &Path, limit: u64) -> Result<(String, Vec<u8>), String> {
    let bytes = unrec::read::read_bytes(input, limit).map_err(|e| e.to_string())?;
    if input == Path::new("-") {
        Ok(("stdin".to_string(), bytes))
    } else {
        Ok((unrec::read::file_name(input), bytes))
    }
}

/// The output file, if any: `-` is standard output, as `-` is standard
/// input for the inputs.
fn to_file(output: Option<&Path>) -> Option<&Path> {
    output.filter(|path| *path != Path::new("-"))
}

/// Refuse an output path that is one of the inputs: it would be
/// overwritten before it is read again.
fn refuse_own_input(output: Option<&Path>, inputs: &[&Path]) -> Result<(), String> {
    let Some(output) = output else {
        return Ok(());
    };
    let Ok(out) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    for input in inputs {
        if std::fs::canonicalize(input).is_ok_and(|i| i == out) {
            return Err(format!(
                "{}: the output is the input {}; nothing written",
                output.display(),
                input.display()
            ));
        }
    }
    Ok(())
}

/// The read and clean stages of one input, for the debugging views.
fn read_and_clean(
    config: &Config,
    input: &Path,
) -> Result<(unrec::read::Layout, unrec::clean::Blocks), String> {
    let (name, bytes) = load(input, config.read.limits.input_bytes)?;
    let layout = unrec::read::read(&name, &bytes, config.read).map_err(|e| e.to_string())?;
    let blocks = unrec::clean::clean(&layout, &config.read.limits);
    Ok((layout, blocks))
}

fn print_lines(config: &Config, input: &Path, hyphens: bool) -> ExitCode {
    let (layout, blocks) = match read_and_clean(config, input) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let decisions = if hyphens {
        unrec::clean::line_end_hyphens(&layout, &blocks.evidence)
    } else {
        Vec::new()
    };
    let mut decisions = decisions.iter().peekable();
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
            let cells: Vec<&str> = line.cells().map(|(_, text)| text).collect();
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
            for note in &line.notes {
                let _ = writeln!(out, "\tnote\t{}\tx={:.1}", note.text, note.x);
            }
            while let Some(h) = decisions.next_if(|h| (h.page, h.line) == (page.number, line.number)) {
                let d = &h.decision;
                let (verdict, reading) = if d.kept {
                    ("kept", format!("{}-{}", d.left, d.right))
                } else {
                    ("joined", format!("{}{}", d.left, d.right))
                };
                let _ = writeln!(out, "\thyphen {verdict}\t{reading}\t{}", d.reason);
            }
        }
    }
    print_each(&layout.source.file, &layout.diagnostics);
    ExitCode::SUCCESS
}

fn print_blocks(config: &Config, input: &Path) -> ExitCode {
    let (_, blocks) = match read_and_clean(config, input) {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let outline = unrec::segment::Outline::new(&blocks);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let _ = match unrec::segment::detect(&outline) {
        Some((kind, score)) => writeln!(out, "kind: {kind} (score {score})"),
        None => writeln!(out, "kind: unknown"),
    };
    for block in &blocks.blocks {
        let _ = writeln!(out, "{}\t{}", block.start, block.text);
    }
    ExitCode::SUCCESS
}

/// Read the documents to hold an extraction against: each in the role its
/// detected kind gives it (an index; a UPR addendum or thematic list).
fn companions(config: &Config, paths: &[&Path]) -> Result<Vec<unrec::Companion>, String> {
    paths
        .iter()
        .map(|path| {
            let (name, bytes) = load(path, config.read.limits.input_bytes)?;
            unrec::Companion::read(&name, &bytes, config).map_err(|e| e.to_string())
        })
        .collect()
}

/// Extract a document and hold it against its companions, with the time
/// each stage took.
fn extract_joined(
    config: &Config,
    input: &Path,
    others: &[&Path],
    force_join: bool,
) -> Result<(Extraction, unrec::Timings), String> {
    let (name, bytes) = load(input, config.read.limits.input_bytes)?;
    let (mut extraction, timings) = unrec::extract_timed(&name, bytes, config).map_err(|e| e.to_string())?;
    for companion in companions(config, others)? {
        if force_join {
            extraction.attach_forced(&companion);
        } else {
            extraction.attach(&companion);
        }
    }
    Ok((extraction, timings))
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
    inputs: &[PathBuf],
    output: Option<&Path>,
    (responses, force_join): (&[PathBuf], bool),
    timings: bool,
    flags: &OutputFlags,
) -> ExitCode {
    let mut others: Vec<&Path> = responses.iter().map(PathBuf::as_path).collect();
    others.extend(flags.index.as_deref());
    let mut all: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    all.extend(&others);
    if let Err(e) = refuse_own_input(output, &all) {
        return failure(e);
    }
    if inputs.iter().filter(|i| i.as_path() == Path::new("-")).count() > 1 {
        return failure("standard input (`-`) can be read once; give it once");
    }
    let format: Format = flags.format.into();
    if format.is_binary() && output.is_none() && std::io::stdout().is_terminal() {
        return failure(format!(
            "{format} is not for a terminal: give a file with -o, or redirect the output"
        ));
    }
    let mut bytes = Vec::new();
    let mut sink = emit::sink_for(format, &mut bytes, inputs.len());
    let (mut written, mut failed, mut findings) = (0, false, false);
    for input in inputs {
        let started = std::time::Instant::now();
        let (extraction, stages) = match extract_joined(config, input, &others, force_join) {
            Ok(x) => x,
            Err(e) => {
                complain(e);
                failed = true;
                continue;
            }
        };
        if !flags.quiet {
            print_diagnostics(&extraction);
        }
        if extraction.refused_review() {
            // Records joined from another review would be wrong, not partial.
            complain(format!(
                "{}: a second document belongs to another review; nothing written",
                input.display()
            ));
            failed = true;
            continue;
        }
        let emitting = std::time::Instant::now();
        if let Err(e) = sink.write(&extraction) {
            return failure(e);
        }
        written += 1;
        if timings {
            print_timings(&stages, emitting.elapsed(), started.elapsed());
        }
        // Nothing extracted: the diagnostics say why.
        failed |= extraction.document.unit_count() == 0;
        findings |= extraction.worst() == Some(Severity::Error);
    }
    if written == 0 {
        return ExitCode::from(2);
    }
    if let Err(e) = sink.finish() {
        return failure(e);
    }
    drop(sink);
    if let Err(e) = write_output(output, &bytes) {
        return failure(e);
    }
    if failed {
        ExitCode::from(2)
    } else if flags.strict && findings {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The time each stage of one document took (`--timings`).
fn print_timings(stages: &unrec::Timings, emit: std::time::Duration, total: std::time::Duration) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    let text = format!(
        "timings: read {:.1} ms, clean {:.1} ms, segment {:.1} ms, check {:.1} ms, emit {:.1} ms; total {:.1} ms",
        ms(stages.read),
        ms(stages.clean),
        ms(stages.segment),
        ms(stages.check),
        ms(emit),
        ms(total)
    );
    if style().json {
        notice(Severity::Note, &text);
    } else {
        eprintln!("{text}");
    }
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
        match load(input, config.read.limits.input_bytes) {
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
        ReportFormat::Html => emit::html::reconcile_html(&session),
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
    let extraction = match extract_joined(config, document, &[index], false).map(|(x, _)| x) {
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
        ReportFormat::Html => emit::html::crosscheck_html(&extraction).map(Ok),
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
    print_each(&extraction.document.source.file, &extraction.diagnostics);
}

/// Print a document's diagnostics on standard error: rustc-style, the
/// document's text and file names in them escaped (their own lines kept),
/// or as JSON lines with the document's key.
fn print_each(key: &str, diagnostics: &[unrec::diagnostic::Diagnostic]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    if style().json {
        let _ = unrec::diagnostic::write_json_lines(&mut err, key, diagnostics);
        return;
    }
    let place = |l: &unrec::diagnostic::Location| unrec::diagnostic::Location {
        file: printable(&l.file).into(),
        ..l.clone()
    };
    let color = style().color;
    for d in diagnostics {
        let mut shown = d.clone();
        shown.message = printable(&d.message).into_owned();
        shown.location = place(&d.location);
        shown.related = d.related.iter().map(place).collect();
        let text = shown.to_string();
        let _ = writeln!(err, "{}", if color { painted(d.severity, &text) } else { text });
    }
}

/// A diagnostic's text with its severity word (which it starts with) in
/// the severity's colour: error red, warning yellow, a note as it is. The
/// text is escaped already, so these are the only escapes in it.
fn painted(severity: Severity, text: &str) -> String {
    let colour = match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        _ => return text.to_string(),
    };
    let word = severity.to_string();
    match text.strip_prefix(&word) {
        Some(rest) => format!("{colour}{word}\x1b[0m{rest}"),
        None => text.to_string(),
    }
}

/// Write to the output file (whole or not at all, never through a link)
/// or standard output.
fn write_output(output: Option<&Path>, bytes: &[u8]) -> Result<(), String> {
    match output {
        Some(path) => emit::file::write_atomic(path, bytes)
            .map_err(|e| format!("{}: cannot write: {e}", path.display())),
        // A reader that has gone (`| head`) is no failure: stop quietly,
        // as other tools do.
        None => match std::io::stdout().lock().write_all(bytes) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            other => other.map_err(|e| format!("<stdout>: cannot write: {e}")),
        },
    }
}

/// `I/N` with 1 ≤ I ≤ N.
fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let (i, n) = text.split_once('/').ok_or("give the shard as I/N, e.g. 1/4")?;
    let i: u64 = i.trim().parse().map_err(|_| "I must be a number")?;
    let n: u64 = n.trim().parse().map_err(|_| "N must be a number")?;
    if i == 0 || n == 0 || i > n {
        return Err(format!("shard {i}/{n}: I must run from 1 to N"));
    }
    Ok((i, n))
}

fn batch(config: &Config, args: &BatchArgs) -> ExitCode {
    let (out_dir, flags) = (args.output.as_path(), &args.flags);
    // Ctrl-C or SIGTERM stops the run with its manifest and no lock left.
    let options = &unrec::batch::Options {
        stop: Some(crate::signals::stop_on_signals()),
        ..args.options()
    };
    let inputs = match unrec::batch::expand(&args.inputs, args.files_from.as_deref(), std::io::stdin().lock())
    {
        Ok(paths) => paths,
        Err(e) => return failure(e),
    };
    let plan = match unrec::batch::plan(&inputs, &args.selection()) {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let companions = match companions(config, flags.index.as_deref().as_slice()) {
        Ok(c) => c,
        Err(e) => return failure(e),
    };
    let bar = if flags.quiet || style().json || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(plan.inputs.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {per_sec} elapsed {elapsed} eta {eta} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let failed = std::sync::atomic::AtomicUsize::new(0);
    let summary = unrec::batch::run(&plan, out_dir, options, config, &companions, &|entry| {
        if entry.status == unrec::batch::Status::Failed {
            let n = failed.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            bar.set_message(format!("{n} failed"));
        }
        bar.inc(1);
    });
    bar.finish_and_clear();
    let summary = match summary {
        Ok(s) => s,
        Err(e) => return failure(e),
    };
    if !flags.quiet {
        print_outcome(&summary, out_dir, args.verbose);
    }
    match summary.verdict(flags.strict) {
        Verdict::Failure => ExitCode::from(2),
        Verdict::Findings => ExitCode::from(1),
        Verdict::Fine => ExitCode::SUCCESS,
    }
}

/// The widest line a document's message takes unless `--verbose`.
const MESSAGE_WIDTH: usize = 200;

/// What a run did, on standard error: the reconciliation, a line for each
/// document that failed or gave nothing (with `verbose`, for each that has
/// a message, the message whole), and the tally.
fn print_outcome(summary: &unrec::batch::Summary, out_dir: &Path, verbose: bool) {
    use unrec::batch::Status;
    let json = style().json;
    if summary.interrupted {
        say(
            "unrec: stopped (SIGINT or SIGTERM): the inputs not finished are `interrupted` in the manifest; --resume goes on",
        );
    }
    // As JSON, `reconcile.json` holds the reconciliation.
    if let (Some(r), false) = (&summary.reconciliation, json) {
        emit::report::reconcile_text(r).lines().for_each(say);
    }
    let entries = &summary.manifest.entries;
    let lost =
        |e: &&unrec::batch::Entry| matches!(e.status, Status::Failed | Status::Empty | Status::Truncated);
    let mut shortened = false;
    for entry in entries
        .iter()
        .filter(|e| lost(e) || (verbose && e.message.is_some()))
    {
        if json {
            // The entry as `manifest.jsonl` holds it.
            if let Ok(line) = serde_json::to_string(entry) {
                let _ = writeln!(std::io::stderr().lock(), "{line}");
            }
            continue;
        }
        let prefix = "unrec: ";
        let line = entry.headline((!verbose).then_some(MESSAGE_WIDTH - prefix.len()));
        shortened |= !verbose && line != entry.headline(None);
        say(&format!("{prefix}{line}"));
    }
    let tally = unrec::batch::tally(entries)
        .into_iter()
        .map(|(status, n)| format!("{n} {status}"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = if shortened {
        "; --verbose gives the messages whole"
    } else {
        ""
    };
    let text = format!(
        "{} inputs: {tally}; manifest: {}{hint}",
        entries.len(),
        out_dir.join("manifest.json").display()
    );
    if json {
        notice(Severity::Note, &text);
    } else {
        say(&text);
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

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn colour_is_wanted_on_a_terminal_without_no_color() {
        use super::ColorChoice::{Always, Auto, Never};
        let set = Some(std::ffi::OsStr::new("1"));
        let empty = Some(std::ffi::OsStr::new(""));
        assert!(Auto.wanted(true, None) && Auto.wanted(true, empty));
        assert!(!Auto.wanted(false, None) && !Auto.wanted(true, set));
        assert!(Always.wanted(false, set) && !Never.wanted(true, None));
        let error = super::painted(unrec::diagnostic::Severity::Error, "error[x]: m");
        assert_eq!(error, "\x1b[1;31merror\x1b[0m[x]: m");
        let note = super::painted(unrec::diagnostic::Severity::Note, "note[x]: m");
        assert_eq!(note, "note[x]: m");
    }

    #[test]
    fn the_command_line_is_well_formed() {
        super::command().debug_assert();
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(printable("plain\ttext"), "plain\ttext");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\u{9b}y\u{7f}z\n"), "x\\u{9b}y\\u{7f}z\\u{a}");
        assert_eq!(printable("\u{202e}cod.exe"), "\\u{202e}cod.exe");
        assert_eq!(printable("\u{2066}é\u{200f}"), "\\u{2066}é\\u{200f}");
    }
}
