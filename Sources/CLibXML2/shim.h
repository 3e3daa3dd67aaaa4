/* Debian's libxml2 pulls in ICU headers, which clash with Foundation's ICU at compile
   time (only on clean builds). Hide them before including anything else. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
