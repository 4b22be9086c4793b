// Statements: CREATE / DROP / ALTER / INSERT / SELECT / SHOW / DESCRIBE / SET / UNSET / PRINT /
// RUN SCRIPT / EXPLAIN / TERMINATE / PAUSE / RESUME, and riffle's RESTART and TRUNCATE TOPIC.

#include <cctype>

#include "core/common/text.h"
#include "core/sql/parser_impl.h"

namespace riffle::sql_internal {
namespace {

Statement Wrap(StatementBody body) {
  Statement statement;
  statement.body = std::move(body);
  return statement;
}

}  // namespace

Statement Parser::ParseStatementBody() {
  static const char* const kStarts[] = {
      "SELECT", "CREATE", "DROP",    "ALTER",     "INSERT", "SHOW",   "LIST",    "DESCRIBE",
      "SET",    "UNSET",  "PRINT",   "RUN",       "EXPLAIN", "TERMINATE", "PAUSE", "RESUME",
      "RESTART", "TRUNCATE"};
  for (const char* start : kStarts) Note(start, true);
  const Token& t = Cur();
  if (t.IsKeyword("SELECT")) return Wrap(SelectStmt{ParseQuery()});
  if (t.IsKeyword("CREATE")) return ParseCreate();
  if (t.IsKeyword("DROP")) return ParseDrop();
  if (t.IsKeyword("ALTER")) return ParseAlter();
  if (t.IsKeyword("INSERT")) return ParseInsert();
  if (t.IsKeyword("SHOW") || t.IsKeyword("LIST")) return ParseShow();
  if (t.IsKeyword("DESCRIBE")) return ParseDescribe();
  if (t.IsKeyword("PRINT")) return ParsePrint();
  if (t.IsKeyword("EXPLAIN")) return ParseExplain();
  if (TryKeyword("SET")) {
    SetStmt set;
    set.property_pos = Cur().pos;
    set.property = ExpectString("a property name in quotes");
    ExpectSymbol("=");
    set.value = ExpectString("a value in quotes");
    return Wrap(std::move(set));
  }
  if (TryKeyword("UNSET")) {
    UnsetStmt unset;
    unset.property = ExpectString("a property name in quotes");
    return Wrap(std::move(unset));
  }
  if (TryKeyword("RUN")) {
    ExpectKeyword("SCRIPT");
    RunScriptStmt run;
    run.path = ExpectString("a file name in quotes");
    return Wrap(std::move(run));
  }
  if (t.IsKeyword("TERMINATE")) return ParseJobControl(JobControl::kTerminate);
  if (t.IsKeyword("PAUSE")) return ParseJobControl(JobControl::kPause);
  if (t.IsKeyword("RESUME")) return ParseJobControl(JobControl::kResume);
  if (t.IsKeyword("RESTART")) return ParseJobControl(JobControl::kRestart);
  if (TryKeyword("TRUNCATE")) {
    ExpectKeyword("TOPIC");
    TruncateTopicStmt truncate;
    Note("a topic name");
    if (Cur().kind == TokenKind::kString) {
      truncate.topic_pos = RelCur();
      truncate.topic = Cur().text;
      Advance();
    } else {
      truncate.topic = ExpectIdentifier("a topic name", &truncate.topic_pos);
    }
    return Wrap(std::move(truncate));
  }
  Fail();
}

Statement Parser::ParseCreate() {
  ExpectKeyword("CREATE");
  CreateSourceStmt create;
  if (TryKeyword("OR")) {
    ExpectKeyword("REPLACE");
    create.or_replace = true;
  }
  create.is_source = TryKeyword("SOURCE");
  if (TryKeyword("TABLE")) {
    create.is_table = true;
  } else if (!TryKeyword("STREAM")) {
    Fail();
  }
  if (TryKeyword("IF")) {
    ExpectKeyword("NOT");
    ExpectKeyword("EXISTS");
    create.if_not_exists = true;
  }
  create.name =
      ExpectIdentifier(create.is_table ? "a table name" : "a stream name", &create.name_pos);
  const Token& columns_token = Cur();
  if (TrySymbol("(")) ParseColumnSpecs(create);
  if (TryKeyword("WITH")) create.properties = ParseProperties();
  const Token& as_token = Cur();
  if (TryKeyword("AS")) {
    if (!create.columns.empty()) {
      FailAt(columns_token,
             "a column list is not allowed with AS SELECT: the query's select "
             "list defines the columns");
    }
    if (create.is_source) {
      FailAt(as_token, "CREATE SOURCE " + std::string(create.is_table ? "TABLE" : "STREAM") +
                           " cannot be defined AS SELECT: source objects are read-only");
    }
    create.as_query = ParseQuery();
  }
  return Wrap(std::move(create));
}

void Parser::ParseColumnSpecs(CreateSourceStmt& create) {
  static const char* const kKeyExplanation =
      "Tables have PRIMARY KEYs, which are unique and NON NULL; streams have KEYs, which have no "
      "uniqueness or NON NULL constraints.";
  do {
    ColumnSpec column;
    const Token& name_token = Cur();
    column.name = ExpectIdentifier("a column name", &column.pos);
    for (const auto& existing : create.columns) {
      if (existing.name == column.name) {
        FailAt(name_token, "duplicate column name '" + column.name + "'");
      }
    }
    column.type = ParseType();
    if (TryKeyword("PRIMARY")) {
      ExpectKeyword("KEY");
      column.key = column.primary_key = true;
      if (!create.is_table) {
        FailAt(name_token,
               "Column `" + column.name +
                   "` is a 'PRIMARY KEY' column: please use "
                   "'KEY' for streams.",
               kKeyExplanation);
      }
    } else if (TryKeyword("KEY")) {
      column.key = true;
      if (create.is_table) {
        FailAt(name_token,
               "Column `" + column.name +
                   "` is a 'KEY' column: please use "
                   "'PRIMARY KEY' for tables.",
               kKeyExplanation);
      }
    } else if (TryKeyword("HEADERS")) {
      column.headers = true;
    } else if (TryKeyword("HEADER")) {
      column.headers = true;
      ExpectSymbol("(");
      column.header_key = ExpectString("a header key in quotes");
      ExpectSymbol(")");
    }
    create.columns.push_back(std::move(column));
  } while (TrySymbol(","));
  ExpectSymbol(")");
}

Properties Parser::ParseProperties() {
  Properties properties;
  ExpectSymbol("(");
  do {
    const Token& name_token = Cur();
    SourcePos name_pos = name_token.pos;
    std::string name;
    if (name_token.kind == TokenKind::kString) {
      name = AsciiUpper(name_token.text);
      Advance();
    } else {
      name = AsciiUpper(ExpectIdentifier("a property name"));
    }
    ExpectSymbol("=");
    PropertyValue value = ParsePropertyValue();
    value.name_pos = name_pos;
    if (!properties.emplace(name, std::move(value)).second) {
      FailAt(name_token, "duplicate property '" + name + "'");
    }
  } while (TrySymbol(","));
  ExpectSymbol(")");
  return properties;
}

PropertyValue Parser::ParsePropertyValue() {
  const Token& start = Cur();
  bool negative = Cur().IsSymbol("-") &&
                  (Peek(1).kind == TokenKind::kInteger || Peek(1).kind == TokenKind::kDecimal ||
                   Peek(1).kind == TokenKind::kDouble);
  if (negative) Advance();
  Note("a literal value");
  ExprPtr literal = ParseLiteral();
  if (!literal || (negative && literal->literal.is_null())) Fail();
  PropertyValue value;
  value.pos = Rel(start);
  value.type = literal->literal_type;
  value.value = std::move(literal->literal);
  if (negative) {
    if (value.value.is_int()) {
      value.value = Value::Int(-value.value.as_int());
    } else if (value.value.is_double()) {
      value.value = Value::Double(-value.value.as_double());
    } else if (value.value.is_decimal()) {
      Decimal d = value.value.as_decimal();
      d.unscaled = -d.unscaled;
      value.value = Value::Dec(d);
    }
  }
  return value;
}

Statement Parser::ParseDrop() {
  ExpectKeyword("DROP");
  DropSourceStmt drop;
  if (TryKeyword("TABLE")) {
    drop.is_table = true;
  } else if (!TryKeyword("STREAM")) {
    Fail();
  }
  if (TryKeyword("IF")) {
    ExpectKeyword("EXISTS");
    drop.if_exists = true;
  }
  drop.name = ExpectIdentifier(drop.is_table ? "a table name" : "a stream name", &drop.name_pos);
  if (TryKeyword("DELETE")) {
    ExpectKeyword("TOPIC");
    drop.delete_topic = true;
  }
  return Wrap(std::move(drop));
}

Statement Parser::ParseAlter() {
  ExpectKeyword("ALTER");
  AlterSourceStmt alter;
  if (TryKeyword("TABLE")) {
    alter.is_table = true;
  } else if (!TryKeyword("STREAM")) {
    Fail();
  }
  alter.name =
      ExpectIdentifier(alter.is_table ? "a table name" : "a stream name", &alter.name_pos);
  do {
    ExpectKeyword("ADD");
    TryKeyword("COLUMN");
    ColumnSpec column;
    column.name = ExpectIdentifier("a column name", &column.pos);
    column.type = ParseType();
    alter.columns.push_back(std::move(column));
  } while (TrySymbol(","));
  return Wrap(std::move(alter));
}

Statement Parser::ParseInsert() {
  ExpectKeyword("INSERT");
  ExpectKeyword("INTO");
  SourcePos target_pos;
  std::string target = ExpectIdentifier("a stream or table name", &target_pos);
  if (CheckSymbol("(") || CheckKeyword("VALUES")) {
    InsertValuesStmt insert;
    insert.target = std::move(target);
    insert.target_pos = target_pos;
    if (TrySymbol("(")) {
      do {
        insert.columns.push_back(ExpectIdentifier("a column name"));
      } while (TrySymbol(","));
      ExpectSymbol(")");
    }
    ExpectKeyword("VALUES");
    ExpectSymbol("(");
    if (!TrySymbol(")")) {
      do {
        insert.values.push_back(ParseExpr());
      } while (TrySymbol(","));
      ExpectSymbol(")");
    }
    return Wrap(std::move(insert));
  }
  InsertSelectStmt insert;
  insert.target = std::move(target);
  insert.target_pos = target_pos;
  if (TryKeyword("WITH")) insert.properties = ParseProperties();
  if (!CheckKeyword("SELECT")) Fail();
  insert.query = ParseQuery();
  return Wrap(std::move(insert));
}

Statement Parser::ParseShow() {
  Advance();  // SHOW or LIST
  ShowStmt show;
  struct Target {
    const char* word;
    ShowWhat what;
    bool allows_extended;
  };
  static const Target kTargets[] = {{"STREAMS", ShowWhat::kStreams, true},
                                    {"TABLES", ShowWhat::kTables, true},
                                    {"TOPICS", ShowWhat::kTopics, true},
                                    {"QUERIES", ShowWhat::kQueries, true},
                                    {"JOBS", ShowWhat::kJobs, true},
                                    {"PROPERTIES", ShowWhat::kProperties, false},
                                    {"FUNCTIONS", ShowWhat::kFunctions, false},
                                    {"TYPES", ShowWhat::kTypes, false},
                                    {"VARIABLES", ShowWhat::kVariables, false}};
  if (TryKeyword("ALL")) {
    ExpectKeyword("TOPICS");
    show.what = ShowWhat::kTopics;
    show.all_topics = true;
    show.extended = TryKeyword("EXTENDED");
    return Wrap(show);
  }
  for (const auto& target : kTargets) {
    if (TryKeyword(target.word)) {
      show.what = target.what;
      if (target.allows_extended) show.extended = TryKeyword("EXTENDED");
      return Wrap(show);
    }
  }
  Fail();
}

Statement Parser::ParseDescribe() {
  ExpectKeyword("DESCRIBE");
  DescribeStmt describe;
  if (TryKeyword("FUNCTION")) {
    describe.is_function = true;
    describe.name = ExpectIdentifier("a function name", &describe.name_pos);
    return Wrap(std::move(describe));
  }
  // riffle's DESCRIBE TOPIC 'name' (or name, as PRINT takes it). A source called TOPIC is still
  // DESCRIBE TOPIC [EXTENDED].
  const Token& after = Peek(1);
  bool topic_follows = after.kind == TokenKind::kString ||
                       after.kind == TokenKind::kQuotedIdentifier ||
                       (after.kind == TokenKind::kIdentifier && !after.IsKeyword("EXTENDED"));
  if (Cur().IsKeyword("TOPIC") && topic_follows) {
    Advance();
    describe.is_topic = true;
    Note("a topic name");
    if (Cur().kind == TokenKind::kString) {
      describe.name_pos = RelCur();
      describe.name = Cur().text;
      Advance();
    } else {
      describe.name = ExpectIdentifier("a topic name", &describe.name_pos);
    }
    return Wrap(std::move(describe));
  }
  // DESCRIBE STREAMS / TABLES list every source, unless a name follows.
  bool list_follows =
      Peek(1).kind == TokenKind::kEnd || Peek(1).IsSymbol(";") || Peek(1).IsKeyword("EXTENDED");
  if (list_follows && (Cur().IsKeyword("STREAMS") || Cur().IsKeyword("TABLES"))) {
    describe.all_streams = Cur().IsKeyword("STREAMS");
    describe.all_tables = !describe.all_streams;
    Advance();
    describe.extended = TryKeyword("EXTENDED");
    return Wrap(std::move(describe));
  }
  // ksqlDB's older form DESCRIBE EXTENDED name.
  if (Cur().IsKeyword("EXTENDED") &&
      (Peek(1).kind == TokenKind::kIdentifier || Peek(1).kind == TokenKind::kQuotedIdentifier)) {
    Advance();
    describe.extended = true;
  }
  describe.name = ExpectIdentifier("a stream or table name", &describe.name_pos);
  if (TryKeyword("EXTENDED")) describe.extended = true;
  return Wrap(std::move(describe));
}

Statement Parser::ParsePrint() {
  ExpectKeyword("PRINT");
  PrintStmt print;
  Note("a topic name");
  if (Cur().kind == TokenKind::kString) {
    print.topic = Cur().text;
    Advance();
  } else {
    print.topic = ExpectIdentifier("a topic name");
  }
  if (TryKeyword("FROM")) {
    ExpectKeyword("BEGINNING");
    print.from_beginning = true;
  }
  if (TryKeyword("INTERVAL") || TryKeyword("SAMPLE")) {
    const Token& at = Cur();
    print.interval = ExpectInteger("a number of records");
    if (*print.interval < 1) FailAt(at, "INTERVAL must be at least 1");
  }
  if (TryKeyword("LIMIT")) print.limit = ExpectInteger("a number of records");
  return Wrap(std::move(print));
}

Statement Parser::ParseExplain() {
  ExpectKeyword("EXPLAIN");
  ExplainStmt explain;
  if (CheckKeyword("SELECT")) {
    explain.query = ParseQuery();
  } else {
    explain.job_id = ParseJobId();
  }
  return Wrap(std::move(explain));
}

std::string Parser::ParseJobId() {
  Note("a query id");
  const Token& t = Cur();
  if (t.kind == TokenKind::kString || t.kind == TokenKind::kInteger ||
      t.kind == TokenKind::kQuotedIdentifier ||
      (t.kind == TokenKind::kIdentifier && !t.IsKeyword("ALL"))) {
    Advance();
    return t.text;
  }
  Fail();
}

Statement Parser::ParseJobControl(JobControl action) {
  Advance();  // TERMINATE, PAUSE, RESUME or RESTART
  JobControlStmt control;
  control.action = action;
  if (TryKeyword("ALL")) {
    control.all = true;
  } else {
    control.job_id = ParseJobId();
  }
  if (action == JobControl::kRestart) {
    // Only from the beginning for now: the words leave room for other starting points.
    ExpectKeyword("FROM");
    ExpectKeyword("BEGINNING");
  }
  return Wrap(std::move(control));
}

}  // namespace riffle::sql_internal
