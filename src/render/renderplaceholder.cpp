// Temporary translation unit until the first render class lands.
namespace claudette {}
