// Video files: a movie encoded losslessly by FFmpeg (FFV1, 8-bit gray, in Matroska; written here
// from the frames of a PNG folder) reads as bitwise the same frames as the folder, at its own size
// and resampled, and trains the autoencoder to bitwise the same weights; a file that is not a
// video, a sound file, a video cut short, an empty one and a missing path get one line naming
// the file.
#include <gtest/gtest.h>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "flujo/autoencode.hpp"
#include "flujo/core/error.hpp"
#include "flujo/core/safetensors.hpp"
#include "flujo/movie.hpp"
#include "support/error_message.hpp"
#include "support/scratch_dir.hpp"

namespace flujo::movie {
namespace {
using testing::ScratchDir;

void check(bool condition, const char* what) {
  if (!condition) throw std::runtime_error(std::string("encoding the test video: ") + what);
}

struct FreeOutput {
  void operator()(AVFormatContext* f) const {
    avio_closep(&f->pb);
    avformat_free_context(f);
  }
};
struct FreeCodec {
  void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FreePacket {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FreeFrame {
  void operator()(AVFrame* f) const { av_frame_free(&f); }
};

// Writes `count` frames of height × width bytes as an FFV1 (lossless) GRAY8 video in Matroska.
void write_ffv1_mkv(const std::string& path, const std::vector<uint8_t>& bytes, int64_t count, int height,
                    int width) {
  AVFormatContext* raw_format = nullptr;
  check(avformat_alloc_output_context2(&raw_format, nullptr, "matroska", path.c_str()) >= 0, "no muxer");
  const std::unique_ptr<AVFormatContext, FreeOutput> format(raw_format);
  const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_FFV1);
  check(encoder != nullptr, "no FFV1 encoder");
  const std::unique_ptr<AVCodecContext, FreeCodec> codec(avcodec_alloc_context3(encoder));
  check(codec != nullptr, "no encoder context");
  codec->width = width, codec->height = height, codec->pix_fmt = AV_PIX_FMT_GRAY8;
  codec->time_base = {1, 25}, codec->framerate = {25, 1};
  if (format->oformat->flags & AVFMT_GLOBALHEADER) codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  check(avcodec_open2(codec.get(), encoder, nullptr) == 0, "cannot open the encoder");
  AVStream* stream = avformat_new_stream(format.get(), nullptr);
  check(stream != nullptr, "no stream");
  check(avcodec_parameters_from_context(stream->codecpar, codec.get()) >= 0, "no stream parameters");
  stream->time_base = codec->time_base;
  check(avio_open(&format->pb, path.c_str(), AVIO_FLAG_WRITE) >= 0, "cannot create the file");
  check(avformat_write_header(format.get(), nullptr) >= 0, "cannot write the header");

  const std::unique_ptr<AVPacket, FreePacket> packet(av_packet_alloc());
  const std::unique_ptr<AVFrame, FreeFrame> frame(av_frame_alloc());
  check(packet != nullptr && frame != nullptr, "no packet or frame");
  frame->format = AV_PIX_FMT_GRAY8, frame->width = width, frame->height = height;
  check(av_frame_get_buffer(frame.get(), 0) == 0, "no frame buffer");
  auto drain = [&] {
    while (avcodec_receive_packet(codec.get(), packet.get()) == 0) {
      packet->duration = 1;  // one frame: the container then knows where the last one ends
      av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      check(av_interleaved_write_frame(format.get(), packet.get()) == 0, "cannot write a packet");
    }
  };
  for (int64_t i = 0; i < count; ++i) {
    check(av_frame_make_writable(frame.get()) == 0, "frame not writable");
    for (int r = 0; r < height; ++r)
      std::memcpy(frame->data[0] + r * frame->linesize[0], bytes.data() + (i * height + r) * width, width);
    frame->pts = i;
    check(avcodec_send_frame(codec.get(), frame.get()) == 0, "cannot encode a frame");
    drain();
  }
  check(avcodec_send_frame(codec.get(), nullptr) == 0, "cannot flush the encoder");
  drain();
  check(av_write_trailer(format.get()) == 0, "cannot write the trailer");
}

// The 8-bit samples of a folder's frames: read back at their own size, nothing is resampled and
// each value is a byte ÷ 255.
std::vector<uint8_t> frame_bytes(const Frames& frames) {
  std::vector<uint8_t> bytes(frames.pixels.size());
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<uint8_t>(std::lround(frames.pixels[i] * 255.0f));
  return bytes;
}

bool bitwise_equal(const Frames& a, const Frames& b) {
  return a.count == b.count && a.height == b.height && a.width == b.width &&
         a.pixels.size() == b.pixels.size() &&
         std::memcmp(a.pixels.data(), b.pixels.data(), a.pixels.size() * sizeof(float)) == 0;
}

// A pendulum of 32 × 32 as a PNG folder (with its state.csv) and as clip.mkv beside it.
struct TwoMovies {
  std::string folder, video;
};
TwoMovies write_two_movies(const ScratchDir& directory, int64_t frames = 40) {
  const TwoMovies movies{directory.file("frames"), directory.file("clip.mkv")};
  write_movie(render({.scene = "pendulum", .frames = frames, .size = 32}), movies.folder);
  write_ffv1_mkv(movies.video, frame_bytes(read_frames(movies.folder, 32)), frames, 32, 32);
  return movies;
}

TEST(Video, ALosslessVideoReadsAsItsPngFolderBitwise) {
  ScratchDir directory;
  const TwoMovies movies = write_two_movies(directory);
  const Frames folder = read_frames(movies.folder, 32), video = read_video(movies.video, 32);
  ASSERT_EQ(video.count, 40);
  EXPECT_TRUE(bitwise_equal(folder, video));
  // Resampled by area averaging (32 → 24: each target pixel weighs parts of two source pixels).
  const Frames folder24 = read_frames(movies.folder, 24), video24 = read_video(movies.video, 24);
  ASSERT_EQ(video24.count, 40);
  ASSERT_EQ(video24.height, 24);
  EXPECT_TRUE(bitwise_equal(folder24, video24));
  EXPECT_FALSE(bitwise_equal(video, video24));
}

TEST(Video, AVideoTrainsToTheSameWeightsAsItsFolder) {
  ScratchDir directory;
  // 240 frames: the latent's scores alternate blocks of 100 frames between fitting and scoring.
  const TwoMovies movies = write_two_movies(directory, 240);
  // clip.csv beside clip.mkv is the video's true state, as state.csv is the folder's.
  std::filesystem::copy_file(movies.folder + "/state.csv", directory.file("clip.csv"));
  auto train = [&](const std::string& movie, const std::string& out) {
    autoencode::autoencode({.movie = movie, .size = 32, .width = 8, .epochs = 2, .threads = 1, .out = out},
                           false);
    return out;
  };
  const std::string from_folder = train(movies.folder, directory.file("run-folder"));
  const std::string from_video = train(movies.video, directory.file("run-video"));
  const SafetensorsFile first = read_safetensors(from_folder + "/model.safetensors");
  const SafetensorsFile second = read_safetensors(from_video + "/model.safetensors");
  ASSERT_EQ(first.tensors.size(), second.tensors.size());
  ASSERT_FALSE(first.tensors.empty());
  for (const auto& [name, tensor] : first.tensors) {
    ASSERT_TRUE(second.tensors.count(name)) << name;
    const Tensor& other = second.tensors.at(name);
    ASSERT_EQ(tensor.numel(), other.numel()) << name;
    EXPECT_EQ(std::memcmp(tensor.data(), other.data(), tensor.numel() * sizeof(float)), 0) << name;
  }
  EXPECT_EQ(testing::read_text(from_folder + "/latent.npy"), testing::read_text(from_video + "/latent.npy"));
  // Both runs were scored against the same true state.
  ASSERT_TRUE(std::filesystem::exists(from_video + "/state.npy"));
  EXPECT_EQ(testing::read_text(from_folder + "/state.npy"), testing::read_text(from_video + "/state.npy"));

  // A state file whose rows are not the video's frames is refused naming it.
  ScratchDir other;
  const std::string clip = other.file("clip.mkv"), state = other.write("clip.csv", "t,x\n0,1\n1,2\n");
  std::filesystem::copy_file(movies.video, clip);
  EXPECT_EQ(testing::error_message([&] { train(clip, other.file("run")); }),
            state + ": 2 rows for 240 frames");
}

// One second of 8 kHz 16-bit mono silence as a WAV file: sound and no picture.
std::string wav_bytes() {
  auto le = [](uint32_t value, int bytes) {
    std::string out;
    for (int b = 0; b < bytes; ++b) out += static_cast<char>((value >> (8 * b)) & 0xff);
    return out;
  };
  const uint32_t samples = 8000;
  return "RIFF" + le(36 + 2 * samples, 4) + "WAVEfmt " + le(16, 4) + le(1, 2) + le(1, 2) + le(8000, 4) +
         le(16000, 4) + le(2, 2) + le(16, 2) + "data" + le(2 * samples, 4) + std::string(2 * samples, '\0');
}

TEST(Video, BadVideosGetOneLineNamingTheFile) {
  ScratchDir directory;
  const TwoMovies movies = write_two_movies(directory);
  auto error = [](const std::string& path, int64_t size = 32) {
    return testing::error_message([&] { read_video(path, size); });
  };
  const std::string text = directory.write("notes.mp4", "these are my notes, not a movie\n");
  EXPECT_EQ(error(text),
            text + ": not a video file FFmpeg can read (Invalid data found when processing input)");
  const std::string nothing = directory.write("nothing.mkv", "");
  EXPECT_EQ(error(nothing), nothing + ": empty file");
  const std::string missing = directory.file("nowhere.mkv");
  EXPECT_EQ(error(missing), missing + ": cannot open");
  EXPECT_EQ(error(movies.video, 4), "--size must be 8 to 1024, got 4");
  EXPECT_EQ(error(movies.video, 2048), "--size must be 8 to 1024, got 2048");
  const std::string sound = directory.write("sound.wav", wav_bytes());
  EXPECT_EQ(error(sound), sound + ": no video stream in it");
  const std::string empty = directory.file("empty.mkv");
  write_ffv1_mkv(empty, {}, 0, 32, 32);
  EXPECT_EQ(error(empty), empty + ": empty, or cut short before its first frame");

  // Cut in half. Matroska's demuxer drops the frame the cut falls in and reports only the end of
  // the file, as for a whole one; the length in the file's header tells the two apart.
  const std::string whole = testing::read_text(movies.video);
  const std::string cut = directory.write("cut.mkv", whole.substr(0, whole.size() / 2));
  const std::string message = error(cut);
  EXPECT_EQ(message.rfind(cut + ": truncated video stream: it ends after frame ", 0), 0u) << message;
  // 40 frames at 25 a second.
  EXPECT_NE(message.find(" s where the file says 1.60 s"), std::string::npos) << message;
}

}  // namespace
}  // namespace flujo::movie
